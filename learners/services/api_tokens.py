"""API tokens: made by staff for one school and one scope, shown once, stored as a prefix and a SHA-256."""
from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from learners.models import ApiScope, ApiToken, School
from learners.selectors.api_tokens import TOKEN_START, token_sha256

LAST_USE_RESOLUTION = dt.timedelta(minutes=1)  # last use is written at most once a minute per token


@transaction.atomic
def api_token_create(*, school: School, name: str, scope: str = ApiScope.READ, created_by=None) -> tuple[ApiToken, str]:
    """A new token: returns the row and the whole token, which is never shown again."""
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(school=school, name=name, scope=ApiScope(scope), prefix=prefix,
                                    secret_sha256=token_sha256(secret), created_by=created_by)
    return token, f"{TOKEN_START}{prefix}_{secret}"


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Refuse the token from now on (kept, with its last use, for the record)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Note that the token was used: one UPDATE at most once a minute, none in between."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USE_RESOLUTION)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
