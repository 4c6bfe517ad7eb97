"""API tokens: the live token a bearer string names, and the tokens staff see."""
from __future__ import annotations

import hashlib
import hmac

from django.db.models import QuerySet

from learners.models import ApiToken

TOKEN_START = "lp_"  # every token starts so (easy to spot in a leak scan)


def token_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_parts(token: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token written `lp_<prefix>_<secret>`, or None when it is not one."""
    if not token.startswith(TOKEN_START):
        return None
    prefix, _, secret = token.removeprefix(TOKEN_START).partition("_")
    if not prefix or not secret or len(prefix) > 16 or len(secret) > 128:
        return None
    return prefix, secret


def api_token_for(token: str) -> ApiToken | None:
    """The unrevoked token this string is, or None (unknown prefix, wrong secret, revoked)."""
    parts = token_parts(token)
    if parts is None:
        return None
    prefix, secret = parts
    row = ApiToken.objects.select_related("school").filter(prefix=prefix, revoked_at__isnull=True).first()
    if row is None or not hmac.compare_digest(row.secret_sha256, token_sha256(secret)):
        return None
    return row


def api_tokens() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("school", "created_by").order_by("school__name", "-created_at")
