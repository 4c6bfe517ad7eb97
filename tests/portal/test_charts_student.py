"""The student's progress charts, built from hand-made data."""
import datetime as dt
import json

from learners.progress import GoalForecast, PlanTrajectory, SkillMastery, Timeline
from portal.charts import student as charts


def skills():
    return [SkillMastery(skill=1, name="Fractions", mastery=0.4, low=0.2, high=0.6, attempts=5, is_goal=True),
            SkillMastery(skill=2, name="Angles", mastery=0.9, low=0.8, high=0.95, attempts=3, is_goal=False)]


def timeline(goals=True):
    days = [dt.date(2026, 9, 1), dt.date(2026, 9, 3)]
    return Timeline(days=days, attempts=[10, 25], goal_mean=[0.3, 0.5] if goals else [None, None],
                    practised_mean=[0.4, 0.6], goal_lines={"Fractions": [0.2, 0.4]} if goals else {})


def figure(chart) -> dict:
    return json.loads(chart.figure_json)


def axis_titles(chart):
    layout = figure(chart)["layout"]
    return layout["xaxis"]["title"]["text"], layout["yaxis"]["title"]["text"]


def test_it_draws_mastery_bars_with_their_uncertainty():
    chart = charts.mastery_chart(skills())
    assert chart.title == "Mastery per skill now" and figure(chart)["layout"]["title"]["text"] == chart.title
    assert axis_titles(chart) == ("Chance of a correct answer, with its likely range", "Skill")
    (bars,) = figure(chart)["data"]
    assert list(bars["x"]) == [0.4, 0.9] and list(bars["y"]) == ["★ Fractions", "Angles"]
    assert list(bars["error_x"]["array"]) == [0.6 - 0.4, 0.95 - 0.9]
    assert list(bars["error_x"]["arrayminus"]) == [0.4 - 0.2, 0.9 - 0.8]
    assert chart.rows == [["Fractions", "yes", 5, "40%", "20% – 60%"], ["Angles", "no", 3, "90%", "80% – 95%"]]
    assert len(chart.headers) == len(chart.rows[0]) and not chart.empty
    assert "Angles (90%)" in chart.summary and "Fractions (40%)" in chart.summary


def test_it_says_how_many_skills_the_mastery_chart_leaves_out():
    assert "3 more skills" in charts.mastery_chart(skills(), more=3).summary
    assert "more skills" not in charts.mastery_chart(skills()).summary


def test_it_draws_mastery_over_time_one_line_per_mean_and_goal_skill():
    chart = charts.mastery_over_time_chart(timeline())
    assert axis_titles(chart) == ("Day of practice", "Chance of a correct answer")
    assert [t["name"] for t in figure(chart)["data"]] == ["Goal skills (mean)", "Skills practised (mean)", "Fractions"]
    assert list(figure(chart)["data"][0]["x"]) == ["2026-09-01", "2026-09-03"]
    assert chart.headers[1:] == ["Attempts so far", "Skills practised (mean)", "Goal skills (mean)", "Fractions"]
    assert [row[1:] for row in chart.rows] == [[10, "40%", "30%", "20%"], [25, "60%", "50%", "40%"]]
    assert "from 40% to 60%" in chart.summary


def test_it_leaves_the_goal_mean_out_when_there_are_no_goals():
    chart = charts.mastery_over_time_chart(timeline(goals=False))
    assert [t["name"] for t in figure(chart)["data"]] == ["Skills practised (mean)"]
    assert len(chart.headers) == len(chart.rows[0]) == 3


def test_it_compares_the_plan_with_no_plan_per_goal_skill():
    goals = [GoalForecast(skill=1, name="Fractions", without_plan=0.3, with_plan=0.7),
             GoalForecast(skill=2, name="Angles", without_plan=0.8, with_plan=0.8)]
    chart = charts.plan_forecast_chart(goals)
    assert axis_titles(chart) == ("Chance of success", "Goal skill")
    assert [t["name"] for t in figure(chart)["data"]] == ["With no more practice", "After the plan"]
    assert list(figure(chart)["data"][1]["x"]) == [0.7, 0.8]
    assert list(figure(chart)["data"][1]["y"]) == ["Fractions", "Angles"]
    assert chart.rows == [["Fractions", "30%", "70%"], ["Angles", "80%", "80%"]]
    assert "1 of 2 goal skills" in chart.summary


def test_it_shows_every_goal_in_the_table_but_only_the_first_in_the_figure():
    goals = [GoalForecast(skill=i, name=f"S{i}", without_plan=0.1, with_plan=0.2) for i in range(5)]
    chart = charts.plan_forecast_chart(goals, limit=2)
    assert len(figure(chart)["data"][0]["y"]) == 2 and len(chart.rows) == 5


def test_it_draws_the_expected_progress_along_the_plan():
    trajectory = PlanTrajectory(steps=[0, 1, 2], lines={"Fractions": [0.3, 0.4, 0.5], "Angles": [0.6, 0.6, 0.7]})
    chart = charts.plan_trajectory_chart(trajectory)
    assert axis_titles(chart) == ("Plan exercises done", "Chance of success")
    assert len(figure(chart)["data"]) == 2
    assert chart.rows == [[0, "30%", "60%"], [1, "40%", "60%"], [2, "50%", "70%"]]
    assert "Fractions from 30% to 50%" in chart.summary


def test_it_says_what_to_do_instead_of_drawing_an_empty_chart():
    empties = [charts.mastery_chart([]), charts.mastery_over_time_chart(None), charts.plan_forecast_chart([]),
               charts.plan_trajectory_chart(None), charts.plan_trajectory_chart(PlanTrajectory(steps=[0], lines={}))]
    for chart in empties:
        assert chart.empty and chart.summary and not figure(chart)["data"] and not chart.rows
    assert "Answer a few exercises" in charts.mastery_chart([]).summary


def test_it_speaks_of_the_student_to_a_teacher():
    goals = [GoalForecast(skill=1, name="Fractions", without_plan=0.3, with_plan=0.7)]
    for_teacher = [charts.mastery_chart([], for_teacher=True), charts.mastery_over_time_chart(None, for_teacher=True),
                   charts.plan_forecast_chart([], for_teacher=True), charts.plan_forecast_chart(goals, for_teacher=True),
                   charts.plan_trajectory_chart(None, for_teacher=True)]
    for chart in for_teacher:
        assert "your" not in chart.summary.lower() and "you " not in chart.summary.lower()
        assert "student" in chart.summary
    assert "your chance" in charts.plan_forecast_chart(goals).summary


def test_it_passes_every_title_axis_legend_and_header_through_translation(monkeypatch):
    monkeypatch.setattr(charts, "_", lambda text: f"«{text}»")
    monkeypatch.setattr(charts, "ngettext", lambda one, many, n: f"«{one if n == 1 else many}»")
    trajectory = PlanTrajectory(steps=[0, 1], lines={"Fractions": [0.3, 0.4]})
    goals = [GoalForecast(skill=1, name="Fractions", without_plan=0.3, with_plan=0.7)]
    built = [charts.mastery_chart(skills()), charts.mastery_over_time_chart(timeline()),
             charts.plan_forecast_chart(goals), charts.plan_trajectory_chart(trajectory)]
    for chart in built:
        texts = [chart.title, *axis_titles(chart), chart.summary]
        texts += [h for h in chart.headers if h != "Fractions"]
        texts += [t["name"] for t in figure(chart)["data"] if t["name"] != "Fractions"]
        assert all(text.startswith("«") for text in texts), texts
