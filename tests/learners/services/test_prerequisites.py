"""Prerequisite links: each school's own, read in the right direction, never a loop within a school, every edit
recorded with who made it, suggested from the data for staff to accept."""
import importlib

import pytest
from django.core.exceptions import ValidationError

from learners.models import (
    AuditAction, AuditEntry, PrerequisiteSuggestion, SchoolPrerequisite, Skill, SuggestionStatus,
)
from learners.services import prerequisites
from metacore.prerequisites import PrerequisiteConfig
from tests.fixtures import SchoolFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def link(school, skill, prerequisite, by=None):
    prerequisites.skill_prerequisite_set(school=school, skill=skill, prerequisite=prerequisite, required=True, by=by)


def test_it_reads_one_schools_links_in_the_right_direction(trained):
    basic, advanced = Skill.objects.order_by("pk")[:2]
    hill, vale = SchoolFactory(), SchoolFactory()
    link(hill, advanced, basic)
    assert prerequisites.prerequisite_edges(school=hill) == [(basic.pk, advanced.pk)]
    assert prerequisites.prerequisite_edges(school=vale) == [] and prerequisites.prerequisite_edges(school=None) == []
    assert prerequisites.prerequisite_edges_by_school(schools=[hill, vale.pk]) == {hill.pk: [(basic.pk, advanced.pk)]}


def test_it_proposes_prerequisites_for_staff_and_applies_accepted_ones_in_every_school(trained):
    hill, vale = SchoolFactory(), SchoolFactory()
    config = PrerequisiteConfig(min_support=3, min_group=1, top=None)
    assert prerequisites.prerequisite_suggestions_refresh(config=config) > 0
    assert not SchoolPrerequisite.objects.exists()  # never applied silently
    best = PrerequisiteSuggestion.objects.order_by("-score").first()
    link(vale, best.prerequisite, best.dependant)  # the reverse: accepting would make a loop in vale
    staff = UserFactory()
    skipped = prerequisites.prerequisite_suggestion_decide(suggestion=best, accept=True, user=staff)
    assert skipped == [vale]
    assert prerequisites.prerequisite_edges(school=hill) == [(best.prerequisite_id, best.dependant_id)]
    assert prerequisites.prerequisite_edges(school=vale) == [(best.dependant_id, best.prerequisite_id)]
    assert SchoolPrerequisite.objects.get(school=hill).created_by == staff
    prerequisites.prerequisite_suggestions_refresh(config=config)
    assert PrerequisiteSuggestion.objects.get(prerequisite=best.prerequisite, dependant=best.dependant).status == (
        SuggestionStatus.ACCEPTED)


def test_it_leaves_a_suggestion_proposed_when_every_school_would_have_a_loop():
    school, a, b = SchoolFactory(), SkillFactory(), SkillFactory()
    link(school, a, b)
    suggestion = PrerequisiteSuggestion.objects.create(prerequisite=a, dependant=b, score=0.9, support=30)
    with pytest.raises(ValidationError, match="every school"):
        prerequisites.prerequisite_suggestion_decide(suggestion=suggestion, accept=True, user=UserFactory())
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PROPOSED and suggestion.decided_by is None


def test_it_refuses_a_prerequisite_that_closes_a_loop_in_its_own_school_only():
    hill, vale = SchoolFactory(), SchoolFactory()
    a, b, c = SkillFactory(), SkillFactory(), SkillFactory()
    link(hill, b, a)
    link(hill, c, b)
    with pytest.raises(ValidationError, match="loop"):
        link(hill, a, c)
    with pytest.raises(ValidationError):
        link(hill, a, a)
    link(vale, a, c)  # no loop in vale: its links are its own
    prerequisites.skill_prerequisite_set(school=hill, skill=c, prerequisite=b, required=False, by=None)
    assert prerequisites.prerequisite_edges(school=hill) == [(a.pk, b.pk)]
    assert prerequisites.prerequisite_edges(school=vale) == [(c.pk, a.pk)]


def test_it_records_who_made_every_edit():
    school, a, b = SchoolFactory(), SkillFactory(), SkillFactory()
    adder, remover = UserFactory(), UserFactory()
    link(school, b, a, by=adder)
    link(school, b, a, by=remover)  # already so: nothing changes, nothing recorded
    prerequisites.skill_prerequisite_set(school=school, skill=b, prerequisite=a, required=False, by=remover,
                                         reason="taught together")
    prerequisites.skill_prerequisite_set(school=school, skill=b, prerequisite=a, required=False, by=adder)
    edits = AuditEntry.objects.order_by("pk").values_list("school", "target_id", "details", "action", "actor",
                                                          "reason")
    link_ids = {"skill": b.pk, "prerequisite": a.pk}
    assert list(edits) == [(school.pk, str(b.pk), link_ids, AuditAction.PREREQUISITE_ADD, adder.pk, ""),
                           (school.pk, str(b.pk), link_ids, AuditAction.PREREQUISITE_REMOVE, remover.pk,
                            "taught together")]


def test_it_copies_the_links_every_school_shared_to_each_school():
    migration = importlib.import_module("learners.migrations.0014_prerequisites_belong_to_schools")
    assert migration.school_links([(2, 1), (3, 2)], [10, 20]) == [(10, 2, 1), (10, 3, 2), (20, 2, 1), (20, 3, 2)]
    assert migration.school_links([(2, 1)], []) == []
