"""The xAPI 1.0.3 statements resource (`/xapi/statements`) for a school's learning record providers: Basic
authentication with one of the school's API tokens (as the password, or as the user name with no password);
POST and PUT need a write token, GET a read or write one. Every answer carries the version header."""
from __future__ import annotations

import base64
import binascii
import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from learners.models import ApiScope
from learners.selectors import xapi as statements_read
from learners.selectors.api_tokens import api_token_for
from learners.services.api_tokens import api_token_touch
from learners.services.xapi import StatementConflict, xapi_statements_store
from learners.xapi_statements import VERSION, StatementRefused, statement_uuid

VERSION_HEADER = "X-Experience-API-Version"


def _answer(response: HttpResponse) -> HttpResponse:
    response[VERSION_HEADER] = VERSION
    return response


def _error(status: int, message: str) -> HttpResponse:
    response = _answer(JsonResponse({"error": message}, status=status))
    if status == 401:
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def _basic_token(request):
    """The live API token of the request's Basic credentials, or None."""
    kind, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "basic" or len(encoded) > 1000:
        return None
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return api_token_for(password or user)


@csrf_exempt
def statements(request):
    if request.method not in ("GET", "POST", "PUT"):
        return _error(405, "use GET, POST or PUT")
    token = _basic_token(request)
    if token is None:
        return _error(401, "Basic authentication with an API token of your school is needed")
    if not request.headers.get(VERSION_HEADER, "").startswith("1.0"):
        return _error(400, f"the {VERSION_HEADER} header must say 1.0.x")
    if request.method != "GET" and token.scope != ApiScope.WRITE:
        return _error(403, "this token may only read; statements need a write token")
    api_token_touch(token=token)
    given_id = request.GET.get("statementId")
    try:
        if request.method == "GET":
            return _get(token.school, given_id)
        if request.method == "PUT" and given_id is None:
            raise StatementRefused("PUT needs the statementId parameter")
        ids = xapi_statements_store(school=token.school, statements=_json(request), statement_id=given_id)
    except StatementRefused as refused:
        return _error(400, str(refused))
    except StatementConflict as conflict:
        return _error(409, str(conflict))
    return _answer(HttpResponse(status=204) if request.method == "PUT" else JsonResponse(ids, safe=False))


def _get(school, given_id: str | None) -> HttpResponse:
    if given_id is None:
        return _answer(JsonResponse(statements_read.xapi_statements_latest(school=school)))
    statement = statements_read.xapi_statement(school=school, statement_id=statement_uuid(given_id, "statementId"))
    if statement is None:
        return _error(404, f"no statement {given_id}")
    return _answer(JsonResponse(statement))


def _json(request):
    if request.content_type != "application/json":
        raise StatementRefused("send statements as application/json")
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise StatementRefused("the body is not JSON") from None
