"""Prerequisite links between skills: set by teachers and staff (never a loop), and suggested from the data for
staff to accept."""
from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learners import engine as eng
from learners.models import PrerequisiteSuggestion, Skill, SuggestionStatus


def prerequisite_edges() -> list[tuple[int, int]]:
    """(prerequisite pk, dependant pk) for every link set on skills."""
    return list(Skill.prerequisites.through.objects.values_list("to_skill_id", "from_skill_id"))


@transaction.atomic
def prerequisite_suggestions_refresh(*, config: eng.PrerequisiteConfig | None = None) -> int:
    """Propose prerequisite links learned from every attempt; decided suggestions are kept as they are."""
    vocabulary = list(Skill.objects.order_by("pk").values_list("pk", flat=True))
    data, _ = eng.to_dataset(eng.read_attempts(), vocabulary)
    found = eng.suggest_prerequisites(data=data, config=config)
    PrerequisiteSuggestion.objects.filter(status=SuggestionStatus.PROPOSED).delete()
    decided = set(PrerequisiteSuggestion.objects.values_list("prerequisite_id", "dependant_id"))
    rows = [PrerequisiteSuggestion(prerequisite_id=vocabulary[s.prerequisite - 1],
                                   dependant_id=vocabulary[s.dependant - 1], score=s.score, support=s.support)
            for s in found if (vocabulary[s.prerequisite - 1], vocabulary[s.dependant - 1]) not in decided]
    PrerequisiteSuggestion.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def prerequisite_suggestion_decide(*, suggestion: PrerequisiteSuggestion, accept: bool, user) -> None:
    """Accept (the link is added to the dependant's prerequisites) or dismiss a suggestion."""
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DISMISSED
    suggestion.decided_by = user
    suggestion.save(update_fields=["status", "decided_by"])
    if accept:
        skill_prerequisite_set(skill=suggestion.dependant, prerequisite=suggestion.prerequisite, required=True)


def _needs(skill_pk: int, edges: list[tuple[int, int]]) -> set[int]:
    """Every skill `skill_pk` needs first, directly or through others."""
    before: dict[int, set[int]] = defaultdict(set)
    for prerequisite, dependant in edges:
        before[dependant].add(prerequisite)
    seen, stack = set(), [skill_pk]
    while stack:
        for p in before[stack.pop()] - seen:
            seen.add(p)
            stack.append(p)
    return seen


@transaction.atomic
def skill_prerequisite_set(*, skill: Skill, prerequisite: Skill, required: bool) -> None:
    """Make `prerequisite` something `skill` needs first (or no longer); refuses a link that closes a loop."""
    if not required:
        skill.prerequisites.remove(prerequisite)
        return
    if prerequisite.pk == skill.pk:
        raise ValidationError(_("A skill cannot be its own prerequisite."))
    if skill.pk in _needs(prerequisite.pk, prerequisite_edges()):
        raise ValidationError(_("%(p)s already needs %(s)s first: the link would make a loop.")
                              % {"p": prerequisite.name, "s": skill.name})
    skill.prerequisites.add(prerequisite)
