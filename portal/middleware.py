"""Site-wide request rules."""
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin

from learners.selectors.accounts import must_change_password
from portal.views.errors import database_down, database_unavailable

# Where a user asked to change their password may still go: the change itself, signing out, the language.
PASSWORD_CHANGE_OPEN = ("password_change", "password_change_done", "logout", "set_language")


class PasswordChangeRequiredMiddleware:
    """A user whom staff asked for a new password sees the password-change page until they choose one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._open(request.path) and must_change_password(request.user):
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(settings.STATIC_URL) or path in {reverse(name) for name in PASSWORD_CHANGE_OPEN}


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A view that finds the database gone answers 503 with Retry-After, DEBUG or not (with DEBUG off, handler500
    does the same for errors outside views)."""

    def process_exception(self, request, exception):
        down = database_down(exception)
        return None if down is None else database_unavailable(down)
