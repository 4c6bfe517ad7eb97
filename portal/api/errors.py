"""Every API error is JSON: {"error": code, "message": what, "errors": [{"path": where, "message": what}]}.

401 no or unknown token, 403 a read token writing, 404 not found (another school's objects too), 400 a body
that is not JSON, 413 a body too large, 422 a value refused (with its field's path)."""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

ERROR_SCHEMA = {  # the OpenAPI schema of every error's body
    "type": "object", "required": ["error", "message", "errors"],
    "properties": {
        "error": {"type": "string"}, "message": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "required": ["path", "message"], "properties": {
            "path": {"type": "string"}, "message": {"type": "string"}}}},
    },
}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 422: "invalid"}


def error_response(status: int, message: str, errors: list[dict] | None = None, **headers) -> HttpResponse:
    body = {"error": CODES.get(status, "error"), "message": message, "errors": errors or []}
    return JsonResponse(body, status=status, headers=headers or None)


def _path(loc) -> str:
    """Where in the request: body.items.3.score, query.partial, path.student_id (each endpoint has one body
    parameter, whose name is left out: the JSON body is it)."""
    parts = [str(part) for part in loc]
    if parts[:1] == ["body"] and len(parts) > 1:
        del parts[1]
    return ".".join(parts)


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"path": _path(error.get("loc", ())), "message": error.get("msg", "invalid")} for error in exc.errors]
    return error_response(422, "the request has invalid values", errors)


def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"path": f"body.{name}", "message": " ".join(messages)}
                  for name, messages in exc.message_dict.items()]
    else:
        errors = [{"path": "body", "message": message} for message in exc.messages]
    return error_response(422, "the request has invalid values", errors)


def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "give a valid API token: Authorization: Bearer <token>",
                          **{"WWW-Authenticate": 'Bearer realm="api"'})


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response(exc.status_code, exc.message)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not found")


def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    """A write that met another one at the same moment (a name or id taken meanwhile): refused, nothing stored."""
    return error_response(422, "the request conflicts with stored data; read it again and retry")


def install(api: NinjaAPI) -> None:
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(DjangoValidationError, _django_validation)
    api.add_exception_handler(AuthenticationError, _authentication)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(IntegrityError, _conflict)
