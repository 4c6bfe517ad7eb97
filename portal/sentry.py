"""Error reports to Sentry when SENTRY_DSN is set (portal.settings calls sentry_init); nothing otherwise."""
from __future__ import annotations

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float) -> None:
    """Errors (and this share of requests and tasks as traces) from the site and the workers, with no personal
    data: no cookies, user ids, addresses or request bodies."""
    sentry_sdk.init(
        dsn=dsn, environment=environment, release=release or None, traces_sample_rate=traces_sample_rate,
        send_default_pii=False, integrations=[DjangoIntegration(), CeleryIntegration()],
    )
