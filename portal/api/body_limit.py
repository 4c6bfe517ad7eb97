"""The API's request bodies may be larger than a form's (a batch of 10,000 attempts is a few MB): up to
settings.API_MAX_BODY_BYTES under the API's paths, read here; larger ones are answered 413 before they are
read. Elsewhere Django's DATA_UPLOAD_MAX_MEMORY_SIZE stays as it is."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from portal.api.errors import error_response

API_PATHS = ("/api/", "/xapi/")


class ApiBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path.startswith(API_PATHS) and request.method in ("POST", "PUT", "PATCH"):
            too_large = self._read(request, settings.API_MAX_BODY_BYTES)
            if too_large:
                return too_large
        return self.get_response(request)

    @staticmethod
    def _read(request: HttpRequest, limit: int):
        refused = error_response(413, f"the request body is larger than {limit} bytes", [{"path": "body",
                                 "message": f"at most {limit} bytes"}])
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(400, "Content-Length is not a number")
        if declared > limit:
            return refused
        body = request.read(limit + 1)  # what Django's `request.body` then returns, without its own limit
        if len(body) > limit:
            return refused
        request._body = body
        return None
