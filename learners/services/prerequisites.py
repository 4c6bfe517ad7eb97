"""Prerequisite links between skills, each school's own: set by its teachers and by staff (never a loop within a
school, every change recorded with who made it), and suggested from the data for staff to accept."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from learners import engine as eng
from learners.models import (
    AuditAction, PrerequisiteSuggestion, School, SchoolPrerequisite, Skill, SuggestionStatus,
)
from learners.services.audit import Target, audit_record


def prerequisite_edges(*, school: School | int | None) -> list[tuple[int, int]]:
    """(prerequisite pk, dependant pk) for every link of one school (none for no school)."""
    return prerequisite_edges_by_school(schools=[school]).get(getattr(school, "pk", school), [])


def prerequisite_edges_by_school(*, schools: Iterable[School | int | None]) -> dict[int, list[tuple[int, int]]]:
    """School pk -> its (prerequisite pk, dependant pk) links, for several schools in one query."""
    ids = {getattr(s, "pk", s) for s in schools} - {None}
    edges: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for school, prerequisite, skill in SchoolPrerequisite.objects.filter(school__in=ids).order_by("pk").values_list(
            "school_id", "prerequisite_id", "skill_id"):
        edges[school].append((prerequisite, skill))
    return dict(edges)


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
def prerequisite_suggestion_decide(*, suggestion: PrerequisiteSuggestion, accept: bool, user) -> list[School]:
    """Dismiss a suggestion, or accept it: the link is added in every school where it makes no loop. Returns the
    schools skipped (a loop there); refused (left proposed) when every school would have a loop."""
    skipped: list[School] = []
    if accept:
        schools = list(School.objects.order_by("name"))
        for school in schools:
            try:
                skill_prerequisite_set(school=school, skill=suggestion.dependant,
                                       prerequisite=suggestion.prerequisite, required=True, by=user)
            except ValidationError:
                skipped.append(school)
        if schools and len(skipped) == len(schools):
            raise ValidationError(_("%(p)s → %(s)s would make a loop in every school.")
                                  % {"p": suggestion.prerequisite.name, "s": suggestion.dependant.name})
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DISMISSED
    suggestion.decided_by = user
    suggestion.save(update_fields=["status", "decided_by"])
    audit_record(actor=user, action=AuditAction.PREREQUISITE_SUGGESTION_ACCEPT if accept
                 else AuditAction.PREREQUISITE_SUGGESTION_DISMISS,
                 target=link_target(suggestion.dependant, suggestion.prerequisite),
                 details={"suggestion": suggestion.pk, "schools_skipped": [school.pk for school in skipped]})
    return skipped


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


def prerequisite_link_check(*, school: School, skill: Skill, prerequisite: Skill) -> None:
    """Refuses (ValidationError) a link of `school` that is a skill's own or would close a loop there."""
    if prerequisite.pk == skill.pk:
        raise ValidationError(_("A skill cannot be its own prerequisite."))
    if skill.pk in _needs(prerequisite.pk, prerequisite_edges(school=school)):
        raise ValidationError(_("%(p)s already needs %(s)s first: the link would make a loop.")
                              % {"p": prerequisite.name, "s": skill.name})


@transaction.atomic
def skill_prerequisite_set(*, school: School, skill: Skill, prerequisite: Skill, required: bool, by,
                           reason: str = "") -> None:
    """In `school` only, make `prerequisite` something `skill` needs first (or no longer), recording who did it;
    refuses a link that closes a loop in that school. Setting what is already so changes and records nothing."""
    School.objects.select_for_update().filter(pk=school.pk).first()  # one school's edits, one at a time
    links = SchoolPrerequisite.objects.filter(school=school, skill=skill, prerequisite=prerequisite)
    if not required:
        if links.delete()[0]:
            _record(school, skill, prerequisite, AuditAction.PREREQUISITE_REMOVE, by, reason)
        return
    prerequisite_link_check(school=school, skill=skill, prerequisite=prerequisite)
    if not links.exists():
        SchoolPrerequisite.objects.create(school=school, skill=skill, prerequisite=prerequisite, created_by=by)
        _record(school, skill, prerequisite, AuditAction.PREREQUISITE_ADD, by, reason)


def link_target(skill: Skill, prerequisite: Skill) -> Target:
    """A link as an audit entry's target: the skill that needs the prerequisite."""
    return Target(type="skill", id=skill.pk, label=f"{prerequisite.name} → {skill.name}")


def _record(school: School, skill: Skill, prerequisite: Skill, action: AuditAction, by, reason: str) -> None:
    audit_record(actor=by, action=action, target=link_target(skill, prerequisite), reason=reason, school=school,
                 details={"skill": skill.pk, "prerequisite": prerequisite.pk})
