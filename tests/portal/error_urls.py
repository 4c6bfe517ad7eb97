"""The site's URLs and four that fail, for the error-page tests (tests/portal/test_error_pages.py)."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def suspicious(request):
    raise SuspiciousOperation("a forged request")


def denied(request):
    raise PermissionDenied("not yours")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [*site_urlpatterns, path("broken/", broken), path("suspicious/", suspicious), path("denied/", denied),
               path("database-gone/", database_gone)]
from portal.urls import handler500  # noqa: F401, E402  (the site's own, as ROOT_URLCONF's)
