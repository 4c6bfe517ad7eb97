"""The Practice page's key: issued and signed by the server for one student, plan item and exercise, used once.

The signed value carries a random nonce; the attempt's idempotency key is made of it, so the same key sent twice
stores one attempt. A key expires after PRACTICE_KEY_MAX_AGE_SECONDS."""
import secrets

from django.conf import settings
from django.core import signing

from learners.models import Exercise, PlanItem, Student

SALT = "portal.practice.key"


class KeyRefused(Exception):
    """The key is not this student's for this exercise, or it is too old; `expired` says which."""

    def __init__(self, *, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _binding(student: Student, item: PlanItem, exercise: Exercise) -> list[int]:
    return [student.pk, item.pk, exercise.pk]


def practice_key_issue(student: Student, item: PlanItem, exercise: Exercise) -> str:
    return signing.dumps({"for": _binding(student, item, exercise), "nonce": secrets.token_hex(16)}, salt=SALT)


def practice_key_idempotency(key: str, student: Student, item: PlanItem, exercise: Exercise) -> str:
    """The attempt's idempotency key for a key the server issued for exactly these; else KeyRefused."""
    try:
        value = signing.loads(key, salt=SALT, max_age=settings.PRACTICE_KEY_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise KeyRefused(expired=True) from None
    except signing.BadSignature:
        raise KeyRefused() from None
    if not isinstance(value, dict) or value.get("for") != _binding(student, item, exercise):
        raise KeyRefused()
    return f"practice:{student.pk}:{value.get('nonce')}"
