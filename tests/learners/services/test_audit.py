"""The audit log: each audited write records who did it, what, to what and why, in its own transaction."""
import pytest
from django.db import transaction

from learners import registry
from learners.models import AuditAction, AuditEntry, PrerequisiteSuggestion, Skill
from learners.services import accounts, overrides, prerequisites, rosters
from learners.services.audit import SYSTEM, Target, audit_record
from tests.fixtures import SchoolFactory, SkillFactory, StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("pk").values_list(
        "actor__username", "actor_label", "target_type", "target_id", "school__name"))


def test_it_records_the_system_when_no_user_acted_and_the_targets_school():
    school = SchoolFactory(name="Vale")
    student = StudentFactory(school=school, display_name="Bo")
    entry = audit_record(actor=None, action=AuditAction.ROSTER_STUDENT_UPDATE, target=student, reason="moved")
    assert (entry.actor, entry.actor_label, entry.target_label, entry.school, entry.reason) == (
        None, SYSTEM, "Bo", school, "moved")


def test_it_refuses_an_unknown_action():
    with pytest.raises(ValueError, match="unknown audit action"):
        audit_record(actor=None, action="roster.teleport", target=Target("student", 1))


def test_it_writes_nothing_when_the_change_is_rolled_back():
    classroom, student, boss = rosters.classroom_create(school=SchoolFactory(), name="7A"), StudentFactory(), \
        UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        rosters.enroll_students(classroom=classroom, students=[student], actor=boss)
        raise RuntimeError("the request failed after the write")
    assert not AuditEntry.objects.filter(action=AuditAction.ROSTER_ENROL).exists()


def test_it_records_roster_changes_with_the_actor():
    boss, school = UserFactory(username="boss"), SchoolFactory(name="Hill")
    teacher = rosters.teacher_create(username="mr-t", school=school, actor=boss)
    student = rosters.student_create(username="kid", display_name="Kid A", school=school, actor=boss)
    classroom = rosters.classroom_create(school=school, name="7A", teachers=[teacher], students=[student],
                                         actor=boss)
    assert rosters.enroll_students(classroom=classroom, students=[student], actor=boss) == 0  # already in
    assert entries(AuditAction.ROSTER_TEACHER_CREATE) == [("boss", "boss", "teacher", str(teacher.pk), "Hill")]
    assert entries(AuditAction.ROSTER_STUDENT_CREATE) == [("boss", "boss", "student", str(student.pk), "Hill")]
    assert entries(AuditAction.ROSTER_CLASSROOM_CREATE) == [("boss", "boss", "classroom", str(classroom.pk), "Hill")]
    assert entries(AuditAction.ROSTER_ENROL) == [("boss", "boss", "student", str(student.pk), "Hill")]
    assert AuditEntry.objects.get(action=AuditAction.ROSTER_ENROL).details == {"classroom": classroom.pk}


def test_it_records_overrides_added_and_withdrawn_with_why(trained):
    teacher, head = UserFactory(username="teach"), UserFactory(username="head")
    skill = Skill.objects.order_by("pk").first()
    override = overrides.plan_override_add(student=trained[0], action="remove", skill=skill, reason="done in class",
                                           author=teacher)
    overrides.plan_override_withdraw(override=override, actor=head)
    added, withdrawn = AuditEntry.objects.order_by("pk").filter(action__startswith="override.")
    assert (added.action, added.actor.username, added.reason, added.target_id) == (
        AuditAction.OVERRIDE_ADD, "teach", "done in class", str(trained[0].pk))
    assert added.details == {"override": override.pk, "action": "remove", "skill": skill.pk, "position": None,
                             "per_session": 1}
    assert (withdrawn.action, withdrawn.actor.username) == (AuditAction.OVERRIDE_WITHDRAW, "head")


def test_it_records_a_decided_suggestion():
    a, b, boss = SkillFactory(), SkillFactory(), UserFactory(username="boss")
    SchoolFactory()
    suggestion = PrerequisiteSuggestion.objects.create(prerequisite=a, dependant=b, score=0.5, support=10)
    prerequisites.prerequisite_suggestion_decide(suggestion=suggestion, accept=True, user=boss)
    assert [e[:2] for e in entries(AuditAction.PREREQUISITE_SUGGESTION_ACCEPT)] == [("boss", "boss")]
    assert [e[:2] for e in entries(AuditAction.PREREQUISITE_ADD)] == [("boss", "boss")]


def test_it_records_passwords_required_and_set_by_someone_else():
    boss, kid = UserFactory(username="boss"), UserFactory(username="kid")
    accounts.password_change_require(user=kid, actor=boss)
    accounts.password_set(user=kid, password="a-new-pw-2026", actor=boss, reason="forgot it")
    kid.refresh_from_db()
    assert kid.check_password("a-new-pw-2026")
    assert entries(AuditAction.ACCOUNT_PASSWORD_CHANGE_REQUIRED) == [("boss", "boss", "user", str(kid.pk), None)]
    assert AuditEntry.objects.get(action=AuditAction.ACCOUNT_PASSWORD_SET).reason == "forgot it"
    assert "a-new-pw-2026" not in str(list(AuditEntry.objects.values()))


def test_it_records_an_activation_by_a_user_and_by_a_retraining(trained):
    first = registry.active_version()
    assert entries(AuditAction.MODEL_ACTIVATE) == [(None, SYSTEM, "modelversion", str(first.pk), None)]
    registry.version_activate(version=first, actor=UserFactory(username="boss"), reason="back to it")
    latest = AuditEntry.objects.filter(action=AuditAction.MODEL_ACTIVATE).latest("pk")
    assert (latest.actor_label, latest.reason) == ("boss", "back to it")
