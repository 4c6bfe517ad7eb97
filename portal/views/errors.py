"""Error pages beyond Django's defaults: a database that does not answer (restarting, unreachable, connections
lost) is a 503 the client may retry in a few seconds, in the visitor's language, never a traceback or a 500."""
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5

log = logging.getLogger(__name__)


def database_down(exception: BaseException | None) -> BaseException | None:
    """The database error behind `exception`, if one is: itself, or one it was raised while handling (the
    session store, say, turns a lost connection into an AttributeError of its own)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_DOWN):
            return exception
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return None


def database_unavailable(exception: BaseException) -> HttpResponse:
    """The 503 page with Retry-After. Rendered without the request: its context would read the database."""
    log.warning("database unavailable: %s: %s", type(exception).__name__, exception)
    response = HttpResponse(loader.render_to_string("503.html", {"retry_seconds": RETRY_AFTER_SECONDS}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500. Django calls it while it handles the exception, wherever it arose (a view or a middleware such
    as the session's), so a database outage is told apart from a fault here."""
    exception = database_down(sys.exc_info()[1])
    if exception is not None:
        return database_unavailable(exception)
    return defaults.server_error(request)
