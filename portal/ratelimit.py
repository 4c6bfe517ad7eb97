"""How many answers a student may send a minute, counted in the cache (one counter per student and minute)."""
import time

from django.conf import settings
from django.core.cache import cache

from learners.models import Student


def answer_allowed(student: Student) -> bool:
    """Count this answer; False once the student has sent more than PRACTICE_ANSWERS_PER_MINUTE this minute."""
    counter = f"practice-answers:{student.pk}:{int(time.time() // 60)}"
    cache.add(counter, 0, timeout=120)
    try:
        sent = cache.incr(counter)
    except ValueError:  # expired between add and incr: this is the minute's first
        cache.add(counter, 1, timeout=120)
        sent = 1
    return sent <= settings.PRACTICE_ANSWERS_PER_MINUTE
