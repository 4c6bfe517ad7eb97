"""The teacher's charts: the classroom's heatmap, labelled so every column reads."""
import json

import numpy as np

from learners.selectors import dashboards
from portal.charts import teacher as charts
from tests.fixtures import SkillFactory


def test_it_labels_every_skill_column_of_the_heatmap_readably():
    skills = [SkillFactory.build(pk=i + 1, name=f"Skill {i} " + "with a long name " * (i % 3)) for i in range(80)]
    row = dashboards.StudentRow(pk=1, name="Ada", status="watch")
    overview = dashboards.Overview(students=[row], skills=skills, mastery=np.full((1, 80), 0.5),
                                   counts={"on_track": 0})
    layout = json.loads(charts.mastery_heatmap(overview).figure_json)["layout"]
    axis, names = layout["xaxis"], [s.name for s in skills]
    assert axis["tickmode"] == "array" and axis["tickvals"] == names  # every column has its tick
    assert len(axis["ticktext"]) == 80 and all(0 < len(t) <= charts.LABEL_CHARS for t in axis["ticktext"])
    for name, label in zip(names, axis["ticktext"]):
        head, _, tail = label.partition("…")
        assert name.startswith(head.strip()) and name.endswith(tail.strip())
    assert len(set(axis["ticktext"])) == 80
    assert axis["tickangle"] == -90 and layout["width"] >= 80 * charts.COLUMN_PX  # room for each label


def test_it_keeps_skills_of_the_same_name_apart_on_the_heatmap():
    skills = [SkillFactory.build(pk=1, name="Area"), SkillFactory.build(pk=2, name="Area")]
    overview = dashboards.Overview(students=[dashboards.StudentRow(pk=1, name="Ada", status="watch")], skills=skills,
                                   mastery=np.array([[0.2, 0.9]]), counts={"on_track": 0})
    figure = json.loads(charts.mastery_heatmap(overview).figure_json)
    assert len(set(figure["data"][0]["x"])) == 2 and figure["layout"]["xaxis"]["ticktext"] == ["Area", "Area (2)"]


def test_it_shortens_long_skill_names_keeping_what_tells_them_apart():
    assert charts.short_label("Addition and Subtraction Fractions", 24) == "Addition and … Fractions"
    assert charts.short_label("Addition and Subtraction Integers", 24) == "Addition and … Integers"
    assert charts.short_label("Multiplication and Division Integers", 24) == "Multiplicatio… Integers"
    assert charts.short_label("Area", 24) == "Area"
    assert len(charts.short_label("x" * 40, 24)) == 24
