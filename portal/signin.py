"""Sign-in throttling (django-axes): who a failed sign-in comes from, and the page a locked-out visitor sees."""
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import render

USERNAME_MAX = get_user_model()._meta.get_field("username").max_length  # 150


def client_ip(request) -> str:
    """The visitor's address: the proxy's own X-Forwarded-For entry when trusted, else the connection's."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def client_username(request, credentials=None) -> str:
    """The username a sign-in tried, as long as a username can be (axes stores it in a 255-character column:
    a longer one would fail the request on PostgreSQL instead of counting as a failure)."""
    source = credentials if credentials else request.POST
    return str(source.get("username") or "")[:USERNAME_MAX]


def locked_out(request, original_response=None, credentials=None):
    """Too many failed sign-ins: say so, and when to try again (429)."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
