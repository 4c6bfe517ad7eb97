"""Every student and teacher page on a 360 px wide phone: a full-page screenshot of each, the page no wider than
the screen, every chart drawn within the screen's width with none of its text running off it, an exercise's
figure scaled down to the screen, and every table's visible box on the screen (a wide table scrolls sideways
inside its own box)."""
import pytest
from django.utils import timezone

from learners.exercises.figures import Plane
from learners.models import Exercise, Skill
from learners.services import assignments, plans
from tests.browser.helpers import charts_drawn, sign_in
from tests.fixtures import PASSWORD, ExerciseFactory

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_PHONE = {"width": 360, "height": 740}
# Real skill names of the demo's data, long enough to need wrapping on a phone.
LONG_NAMES = ["Addition and Subtraction of Fractions with Unlike Denominators",
              "Equation Solving with Two or Fewer Steps", "Ordering Positive Decimals",
              "Area of Irregular Figures made of Rectangles and Triangles"]
# The class heatmap keeps a readable width per skill and scrolls sideways inside its card instead.
SCROLLS_BY_DESIGN = {"class-heatmap"}

# What each page draws, measured in the browser: the document's width; each chart's SVG box, the box of it that
# shows (clipped by every ancestor that scrolls or hides what overflows) and any text of it running off the SVG;
# each exercise figure's box; each table's visible box.
MEASURE = """() => {
  const visible = (element) => {
    const own = element.getBoundingClientRect();
    let left = own.left, right = own.right;
    for (let box = element.parentElement; box; box = box.parentElement) {
      if (getComputedStyle(box).overflowX === "visible") continue;
      const clip = box.getBoundingClientRect();
      left = Math.max(left, clip.left); right = Math.min(right, clip.right);
    }
    return {left: left, right: right};
  };
  const shown = (element) => element.getClientRects().length > 0;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    bodyWidth: document.body.scrollWidth,
    charts: [...document.querySelectorAll(".plot[data-figure]")].filter(shown).map((plot) => {
      const svg = plot.querySelector("svg.main-svg").getBoundingClientRect();
      const cut = [...plot.querySelectorAll("svg.main-svg text")].filter((text) => {
        const box = text.getBoundingClientRect();
        return box.width > 0 && (box.left < svg.left - 1 || box.right > svg.right + 1 || box.top < svg.top - 1
                                 || box.bottom > svg.bottom + 1);
      }).map((text) => text.textContent);
      return {id: plot.closest("figure.chart").id, left: svg.left, right: svg.right, visible: visible(plot), cut: cut};
    }),
    figures: [...document.querySelectorAll("figure.exercise-figure svg.figure")].map((svg) => {
      const box = svg.getBoundingClientRect();
      const drawn = svg.viewBox.baseVal;
      return {left: box.left, right: box.right, shape: box.height / box.width, drawn: drawn.height / drawn.width};
    }),
    tables: [...document.querySelectorAll("main table")].filter(shown).map((table, n) => (
      {n: n, text: table.innerText.slice(0, 40), width: table.getBoundingClientRect().width, visible: visible(table)}
    )),
  };
}"""


def assert_fits_the_phone(page, shoot, step: str, *, charts: int | None = None) -> None:
    """Open every folded table, shoot the page, then check what the browser measured."""
    drawn = charts_drawn(page, expected=charts)
    page.evaluate("() => document.querySelectorAll('main details').forEach((d) => { d.open = true; })")
    shoot(page, step)
    width = SMALL_PHONE["width"]
    measured = page.evaluate(MEASURE)
    assert measured["scrollWidth"] <= width and measured["bodyWidth"] <= width, (step, measured)
    assert len(measured["charts"]) == drawn, (step, measured["charts"])
    for chart in measured["charts"]:
        seen = chart["visible"]
        assert -0.5 <= seen["left"] and seen["right"] <= width + 0.5, (step, chart)
        assert not chart["cut"], (step, chart)  # a title, label or legend entry running off the drawing
        if chart["id"] not in SCROLLS_BY_DESIGN:
            assert -0.5 <= chart["left"] and chart["right"] <= width + 0.5, (step, chart)
    for figure in measured["figures"]:
        assert -0.5 <= figure["left"] and figure["right"] <= width + 0.5, (step, figure)
        assert figure["shape"] == pytest.approx(figure["drawn"], rel=0.02), (step, figure)  # scaled, not squeezed
    for table in measured["tables"]:
        seen = table["visible"]
        assert -0.5 <= seen["left"] and seen["right"] <= width + 0.5, (step, table)


def wide_figure() -> str:
    """A coordinate plane as the exercise generators draw it, wider than the phone (536 x 344 px at full size)."""
    plane = Plane(-10, 10, -6, 6, alt="The point A at (3, 2) on a coordinate plane.")
    plane.point(3, 2, "A")
    return plane.render()


def phone(new_page):
    return new_page(viewport=SMALL_PHONE, is_mobile=True, has_touch=True)


def test_every_page_fits_a_360_px_phone(live_server, school, new_page, shoot):
    for skill, name in zip(Skill.objects.order_by("pk"), LONG_NAMES, strict=True):
        skill.name = name
        skill.save(update_fields=["name"])
    skill = Skill.objects.order_by("pk").last()
    ExerciseFactory(skill=skill, classroom=school.mine, prompt="Add $\\frac{1}{3}$ and $\\frac{1}{4}$, " * 4)
    Exercise.objects.update(figure=wide_figure(), figure_alt="The point A at (3, 2) on a coordinate plane.")
    url = live_server.url
    work = assignments.assignment_create(classroom=school.mine, skill=skill, due_on=timezone.localdate(),
                                         by=school.teacher.user, students=school.mine_students[:3],
                                         note="Before Friday's quiz on fractions with unlike denominators")
    plans.plans_regenerate(student_ids=[s.pk for s in school.mine_students[:3]])

    student = phone(new_page)
    sign_in(student, live_server, "ada", PASSWORD)
    assert student.url == f"{url}/plan/"  # the student's home is their plan
    assert_fits_the_phone(student, shoot, "student-1-home-plan", charts=0)
    student.goto(f"{url}/practice/")
    assert student.locator("form.answer").is_visible()
    assert student.locator("figure.exercise-figure svg.figure").count() == 1
    assert_fits_the_phone(student, shoot, "student-2-practice", charts=0)
    student.goto(f"{url}/progress/")
    assert_fits_the_phone(student, shoot, "student-3-progress", charts=4)

    room, pupil = school.mine, school.learner
    teacher = phone(new_page)
    sign_in(teacher, live_server, "mr-t", PASSWORD)
    assert_fits_the_phone(teacher, shoot, "teacher-1-classrooms", charts=0)
    pages = [("2-overview", f"/classrooms/{room.pk}/", 1), ("3-attention", f"/classrooms/{room.pk}/attention/", 0),
             ("4-cohorts", f"/classrooms/{room.pk}/cohorts/", 1),
             ("5-skill", f"/classrooms/{room.pk}/skills/{Skill.objects.order_by('pk').first().pk}/", 2),
             ("6-student", f"/students/{pupil.pk}/plan/", 4),
             ("7-assignments", f"/classrooms/{room.pk}/assignments/", 0),
             ("8-assignment", f"/classrooms/{room.pk}/assignments/{work.pk}/", 0)]
    for step, path, charts in pages:
        response = teacher.goto(f"{url}{path}")
        assert response.ok, (path, response.status)
        assert_fits_the_phone(teacher, shoot, f"teacher-{step}", charts=charts)
