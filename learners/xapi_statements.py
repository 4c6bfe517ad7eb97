"""xAPI 1.0.3 statements read into attempts: pure functions, no database.

A statement is used when its verb is one of VERBS, its actor names a student (an `account`'s name, or an
`mbox`), its object is an activity, and its result says right or wrong (`result.success`) or how well
(`result.score`). Anything else is still a valid statement: it is kept with the reason it gave no attempt.
What is not a statement at all (not an object, no verb id, a bad id or timestamp) is refused with where.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from dataclasses import dataclass

VERBS = {  # ADL's verbs; passed and failed say right or wrong by themselves
    "http://adlnet.gov/expapi/verbs/answered": None,
    "http://adlnet.gov/expapi/verbs/attempted": None,
    "http://adlnet.gov/expapi/verbs/completed": None,
    "http://adlnet.gov/expapi/verbs/passed": True,
    "http://adlnet.gov/expapi/verbs/failed": False,
}
VERSION = "1.0.3"
MAX_IRI = 1000  # longest activity id, actor account name or mbox we read
_DURATION = re.compile(r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


class StatementRefused(ValueError):
    """Not a statement: the request is answered 400 with this message (it says where)."""


@dataclass(frozen=True)
class Reading:
    """What one statement says, for the store: the student and activity to look up, and the attempt's fields
    when the statement gives one (`reason` says why it gives none)."""

    statement_id: str
    verb: str
    actor_kind: str  # "account" or "mbox" ("" when there is no usable actor)
    actor_key: str  # the account's name, or the mbox's address without "mailto:"
    activity_id: str
    timestamp: dt.datetime | None
    correct: bool | None = None
    score: float | None = None
    duration_seconds: float | None = None
    reason: str = ""  # empty: an attempt can be made once the student and activity are found


def statement_id(statement: dict, given: str | None, where: str) -> str:
    """The statement's id, canonical lowercase; `given` (PUT's statementId) must agree with one inside."""
    inside = statement.get("id")
    if given is not None and inside is not None and \
            statement_uuid(inside, where + ".id") != statement_uuid(given, "statementId"):
        raise StatementRefused(f"{where}.id differs from statementId")
    raw = given if given is not None else inside
    return statement_uuid(raw, where + ".id") if raw is not None else str(uuid.uuid4())


def read_statement(statement, where: str, given_id: str | None = None) -> Reading:
    if not isinstance(statement, dict):
        raise StatementRefused(f"{where}: a statement is a JSON object")
    sid = statement_id(statement, given_id, where)
    verb = statement.get("verb")
    if not isinstance(verb, dict) or not isinstance(verb.get("id"), str) or not verb["id"]:
        raise StatementRefused(f"{where}.verb.id: required")
    timestamp = _timestamp(statement.get("timestamp"), where + ".timestamp")
    actor_kind, actor_key = _actor(statement.get("actor"))
    activity_id = _activity(statement.get("object"))
    reading = Reading(sid, verb["id"][:MAX_IRI], actor_kind, actor_key, activity_id, timestamp)
    reason = _unusable(reading)
    if reason:
        return _with(reading, reason=reason)
    result = statement.get("result") if isinstance(statement.get("result"), dict) else {}
    correct, score, reason = _outcome(VERBS[reading.verb], result)
    return _with(reading, correct=correct, score=score, duration_seconds=_duration(result.get("duration")),
                 reason=reason)


def _with(reading: Reading, **fields) -> Reading:
    return Reading(**{**reading.__dict__, **fields})


def _unusable(reading: Reading) -> str:
    if reading.verb not in VERBS:
        return f"verb {reading.verb} is not one we record"
    if not reading.actor_kind:
        return "the actor is not one student (an account or an mbox)"
    if not reading.activity_id:
        return "the object is not an activity"
    return ""


def statement_uuid(text, where: str) -> str:
    """The id in canonical form (lowercase, hyphens), or StatementRefused saying where."""
    try:
        return str(uuid.UUID(str(text)))
    except ValueError:
        raise StatementRefused(f"{where}: not a UUID") from None


def _timestamp(text, where: str) -> dt.datetime | None:
    if text is None:
        return None
    if not isinstance(text, str) or len(text) > 40:
        raise StatementRefused(f"{where}: not an ISO 8601 timestamp")
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise StatementRefused(f"{where}: not an ISO 8601 timestamp") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _actor(actor) -> tuple[str, str]:
    if not isinstance(actor, dict) or actor.get("objectType", "Agent") != "Agent":
        return "", ""
    account = actor.get("account")
    if isinstance(account, dict) and isinstance(account.get("name"), str) and account["name"]:
        return "account", account["name"][:MAX_IRI]
    mbox = actor.get("mbox")
    if isinstance(mbox, str) and mbox.lower().startswith("mailto:") and len(mbox) > 7:
        return "mbox", mbox[7:MAX_IRI].strip().lower()
    return "", ""


def _activity(obj) -> str:
    if not isinstance(obj, dict) or obj.get("objectType", "Activity") != "Activity":
        return ""
    return obj["id"][:MAX_IRI] if isinstance(obj.get("id"), str) else ""


def _outcome(verb_says: bool | None, result: dict) -> tuple[bool | None, float | None, str]:
    """(correct, score, reason) of an attempt: a correct attempt has score 1 (the Attempt table's rule)."""
    success = result.get("success")
    success = success if isinstance(success, bool) else verb_says
    scaled = _scaled(result.get("score"))
    if success is True:
        return True, 1.0, ""
    if success is False:
        return False, min(scaled, 0.999) if scaled is not None else 0.0, ""
    if scaled is None:
        return None, None, "the result says neither success nor score"
    return scaled >= 1.0, scaled, ""


def _scaled(score) -> float | None:
    """A score in [0, 1] from score.scaled (negatives count 0), else from raw within min..max."""
    if not isinstance(score, dict):
        return None
    value = score.get("scaled")
    if _number(value):
        return min(max(float(value), 0.0), 1.0)
    raw, low, high = score.get("raw"), score.get("min", 0), score.get("max")
    if _number(raw) and _number(low) and _number(high) and high > low:
        return min(max((float(raw) - low) / (high - low), 0.0), 1.0)
    return None


def _number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _duration(text) -> float | None:
    """Seconds of an ISO 8601 duration (PnDTnHnMnS); None when absent or unreadable."""
    match = _DURATION.match(text) if isinstance(text, str) and len(text) <= 40 else None
    if not match or text in ("P", "PT"):
        return None
    days, hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds
