"""The site's URLs and three that fail, for the error-page tests (tests/portal/test_error_pages.py)."""
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def suspicious(request):
    raise SuspiciousOperation("a forged request")


def denied(request):
    raise PermissionDenied("not yours")


urlpatterns = [*site_urlpatterns, path("broken/", broken), path("suspicious/", suspicious), path("denied/", denied)]
from portal.urls import handler500  # noqa: F401, E402  (the site's own, as ROOT_URLCONF's)
