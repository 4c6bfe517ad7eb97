"""Prerequisite links: read in the right direction, never a loop, suggested from the data for staff to accept."""
import pytest
from django.core.exceptions import ValidationError

from learners.models import PrerequisiteSuggestion, Skill, SuggestionStatus
from learners.services import prerequisites
from metacore.prerequisites import PrerequisiteConfig
from tests.fixtures import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_reads_prerequisite_links_in_the_right_direction(trained):
    basic, advanced = Skill.objects.order_by("pk")[:2]
    advanced.prerequisites.add(basic)
    assert prerequisites.prerequisite_edges() == [(basic.pk, advanced.pk)]


def test_it_proposes_prerequisites_for_staff_and_applies_only_accepted_ones(trained):
    config = PrerequisiteConfig(min_support=3, min_group=1, top=None)
    assert prerequisites.prerequisite_suggestions_refresh(config=config) > 0
    assert not Skill.prerequisites.through.objects.exists()  # never applied silently
    best = PrerequisiteSuggestion.objects.order_by("-score").first()
    prerequisites.prerequisite_suggestion_decide(suggestion=best, accept=True, user=UserFactory())
    assert prerequisites.prerequisite_edges() == [(best.prerequisite_id, best.dependant_id)]
    prerequisites.prerequisite_suggestions_refresh(config=config)
    assert PrerequisiteSuggestion.objects.get(prerequisite=best.prerequisite, dependant=best.dependant).status == (
        SuggestionStatus.ACCEPTED)


def test_it_refuses_a_prerequisite_that_closes_a_loop():
    a, b, c = SkillFactory(), SkillFactory(), SkillFactory()
    prerequisites.skill_prerequisite_set(skill=b, prerequisite=a, required=True)
    prerequisites.skill_prerequisite_set(skill=c, prerequisite=b, required=True)
    with pytest.raises(ValidationError, match="loop"):
        prerequisites.skill_prerequisite_set(skill=a, prerequisite=c, required=True)
    with pytest.raises(ValidationError):
        prerequisites.skill_prerequisite_set(skill=a, prerequisite=a, required=True)
    prerequisites.skill_prerequisite_set(skill=c, prerequisite=b, required=False)
    assert list(c.prerequisites.all()) == []
