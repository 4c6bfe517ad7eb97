"""xAPI statements as a learning record store answers them: as sent, with the store's own fields."""
from __future__ import annotations

from learners.models import School, XapiStatement
from learners.xapi_statements import VERSION

LIST_LIMIT = 100


def _as_stored(statement: XapiStatement) -> dict:
    return {**statement.body, "stored": statement.stored_at.isoformat(), "version": statement.body.get("version", VERSION)}


def xapi_statement(*, school: School, statement_id: str) -> dict | None:
    statement = XapiStatement.objects.filter(school=school, statement_id=statement_id).first()
    return None if statement is None else _as_stored(statement)


def xapi_statements_latest(*, school: School, limit: int = LIST_LIMIT) -> dict:
    """A StatementResult of the school's latest statements (no `more` link: at most LIST_LIMIT)."""
    rows = XapiStatement.objects.filter(school=school).order_by("-stored_at", "-pk")[:max(1, min(limit, LIST_LIMIT))]
    return {"statements": [_as_stored(s) for s in rows], "more": ""}
