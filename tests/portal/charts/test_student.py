"""The student's progress charts, and what every chart gets from portal.charts.base (the day ticks, the phone
layout), built from hand-made data."""
import datetime as dt
import json

import plotly.graph_objects as go

from learners.selectors.progress import GoalForecast, PlanTrajectory, SkillMastery, Timeline
from portal.charts import base
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


LONG = "Addition and Subtraction of Fractions with Unlike Denominators"


def phone(chart) -> dict:
    return figure(chart)["narrow"]


def test_it_gives_a_phone_wrapped_skill_names_and_keeps_them_whole_elsewhere():
    long_skill = SkillMastery(skill=3, name=LONG, mastery=0.5, low=0.3, high=0.7, attempts=4, is_goal=False)
    chart = charts.mastery_chart([*skills(), long_skill])
    desktop, narrow = figure(chart)["layout"]["yaxis"], phone(chart)["layout"]["yaxis"]
    assert "ticktext" not in desktop and list(figure(chart)["data"][0]["y"])[-1] == LONG
    assert narrow["tickvals"] == ["★ Fractions", "Angles", LONG]
    assert narrow["ticktext"][:2] == ["★ Fractions", "Angles"]
    lines = narrow["ticktext"][2].split("<br>")
    assert lines == ["Addition and", "Subtraction of", "Fractions with…"]
    assert phone(chart)["layout"]["height"] > figure(chart)["layout"]["height"]  # room for three lines a bar
    assert phone(chart)["below"] > 360
    assert "<" not in chart.figure_json  # still safe inside its <script> element


def test_it_keeps_the_tick_labels_a_builder_made_on_a_phone():
    axis = {"tickmode": "array", "tickvals": [LONG, "Angles"], "ticktext": ["Addition and … Denominators", "Angles"]}
    bars = go.Figure(go.Bar(x=[0.5, 0.9], y=[LONG, "Angles"], orientation="h"), layout={"yaxis": axis})
    built = base.chart(bars, dom_id="own", title="t", headers=[], rows=[])
    assert "ticktext" not in phone(built)["layout"]["yaxis"]
    assert figure(built)["layout"]["yaxis"]["ticktext"] == ["Addition and … Denominators", "Angles"]


def test_it_puts_a_phones_legend_under_the_plot_with_wrapped_names():
    long_timeline = Timeline(days=[dt.date(2026, 9, 1), dt.date(2026, 9, 3)], attempts=[10, 25],
                             goal_mean=[0.3, 0.5], practised_mean=[0.4, 0.6], goal_lines={LONG: [0.2, 0.4]})
    chart = charts.mastery_over_time_chart(long_timeline)
    narrow = phone(chart)
    legend = narrow["layout"]["legend"]
    assert (legend["orientation"], legend["y"], legend["yref"], legend["yanchor"]) == ("h", 0, "container", "bottom")
    names = [trace["name"] for trace in narrow["data"]]
    assert names[:2] == ["Goal skills (mean)", "Skills practised (mean)"]
    assert names[2].replace("<br>", " ") == LONG and "<br>" in names[2]
    assert figure(chart)["data"][2]["name"] == LONG
    assert narrow["layout"]["height"] > figure(chart)["layout"]["height"]
    assert narrow["layout"]["dragmode"] is False  # a finger on the chart scrolls the page


def test_it_wraps_a_long_title_for_a_phone():
    title = "Where the class stands on " + LONG
    built = base.chart(go.Figure(go.Bar(x=[1], y=["a"])), dom_id="t", title=title, headers=[], rows=[])
    wrapped = phone(built)["layout"]["title"]["text"]
    assert wrapped.replace("<br>", " ") == title and wrapped.count("<br>") == 2
    assert figure(built)["layout"]["title"]["text"] == title


def test_it_wraps_between_words_between_chinese_characters_and_inside_a_too_long_word():
    assert base.wrap("Ordering Positive Decimals", 16) == ("Ordering<br>Positive<br>Decimals", 3)
    assert base.wrap("Angles", 16) == ("Angles", 1)
    assert base.wrap("分数的加法和减法（异分母）", 16) == ("分数的加法和减法<br>（异分母）", 2)  # two columns each
    assert base.wrap("Pythagorean-theorem-problems", 10) == ("Pythagorea<br>n-theorem-<br>problems", 3)
    assert base.wrap(LONG, 16, lines=2) == ("Addition and<br>Subtraction of…", 2)


def test_it_ticks_a_timeline_of_a_few_days_once_a_day():
    axis = figure(charts.mastery_over_time_chart(timeline()))["layout"]["xaxis"]
    assert axis["dtick"] == 24 * 3600 * 1000
    assert axis["range"] == ["2026-08-31T12:00:00", "2026-09-03T12:00:00"]
    month = Timeline(days=[dt.date(2026, 9, 1), dt.date(2026, 10, 1)], attempts=[10, 25], goal_mean=[None, None],
                     practised_mean=[0.4, 0.6], goal_lines={})
    assert "dtick" not in figure(charts.mastery_over_time_chart(month))["layout"]["xaxis"]
    one_week = base.chart(go.Figure(go.Bar(x=["2026-08-31"], y=[66])), dom_id="w", title="t", headers=[], rows=[])
    assert figure(one_week)["data"][0]["width"] == 24 * 3600 * 800  # a lone bar, not 1 ms wide
    assert "dtick" not in base.AXIS and "range" not in base.AXIS  # the site look every chart starts from


def test_it_leaves_a_phone_at_most_six_steps_between_ticks():
    steps = list(range(31))
    chart = charts.plan_trajectory_chart(PlanTrajectory(steps=steps, lines={"Fractions": [0.3] * 31}))
    assert figure(chart)["layout"]["xaxis"]["dtick"] == 3
    assert phone(chart)["layout"]["xaxis"]["dtick"] == 6 and phone(chart)["layout"]["xaxis"]["nticks"] == 6


def test_it_has_no_phone_layout_for_an_empty_chart():
    assert "narrow" not in figure(charts.mastery_chart([]))
