"""Bearer tokens of the API: `Authorization: Bearer lp_<prefix>_<secret>`, one school each, read or write."""
from __future__ import annotations

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from learners.models import ApiScope, ApiToken, School
from learners.selectors.api_tokens import api_token_for
from learners.services.api_tokens import api_token_touch


class TokenAuth(HttpBearer):
    """A live token of the school; a write operation also needs the write scope (else 403)."""

    def __init__(self, scope: str):
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        row = api_token_for(token)
        if row is None:
            return None
        if self.scope == ApiScope.WRITE and row.scope != ApiScope.WRITE:
            raise AuthorizationError(message="this token may only read: a write token is needed")
        api_token_touch(token=row)
        return row


read = TokenAuth(ApiScope.READ)
write = TokenAuth(ApiScope.WRITE)


def school(request: HttpRequest) -> School:
    """The school of the request's token: everything an endpoint reads or writes is within it."""
    return request.auth.school
