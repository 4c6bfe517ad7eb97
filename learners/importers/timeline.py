"""Plausible made-up timestamps for data that has none (the DKVMN-split datasets).

A student works in sessions on school days (Monday to Friday, school hours), a few days apart,
with 5 to 40 responses a session and about half a minute to two minutes per response.
Deterministic per student id, so a re-import makes the same times.
"""
from __future__ import annotations

import datetime as dt
import zlib

import numpy as np

SCHOOL_YEAR_START = dt.datetime(2009, 9, 8, tzinfo=dt.timezone.utc)
DAY = 86400.0


def _school_days(first: dt.datetime, count: int) -> np.ndarray:
    """Epoch seconds of the midnights of `count` school days (Mon-Fri) from `first` on."""
    days, day = [], first.replace(hour=0, minute=0, second=0, microsecond=0)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.timestamp())
        day += dt.timedelta(days=1)
    return np.asarray(days)


_CALENDAR = _school_days(SCHOOL_YEAR_START, 400)


def session_times(student_key: str, n: int) -> np.ndarray:
    """(n,) epoch seconds, increasing, for one student's n responses."""
    if n == 0:
        return np.zeros(0)
    rng = np.random.default_rng(zlib.crc32(student_key.encode("utf-8")))
    sizes = []
    while sum(sizes) < n:
        sizes.append(int(rng.integers(5, 41)))
    sizes[-1] -= sum(sizes) - n
    gaps = rng.integers(1, 5, size=len(sizes))  # school days between sessions
    day_index = np.minimum(int(rng.integers(0, 20)) + np.cumsum(gaps) - gaps[0], len(_CALENDAR) - 1)
    starts = _CALENDAR[day_index] + rng.uniform(8.5 * 3600, 14.0 * 3600, size=len(sizes))
    session_of = np.repeat(np.arange(len(sizes)), sizes)
    steps = rng.uniform(30.0, 120.0, size=n)
    first_of_session = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    within = np.cumsum(steps) - np.repeat(np.cumsum(steps)[first_of_session] - steps[first_of_session], sizes)
    times = starts[session_of] + within
    return np.maximum.accumulate(times)  # same-day sessions stay in order
