"""The default periodic tasks (django-celery-beat rows, editable in the admin)."""
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

NIGHTLY_RETRAIN = "Nightly retraining"
SIMILARITY_REFRESH = "Similarity and cohorts refresh"
PREREQUISITE_SUGGESTIONS = "Prerequisite suggestions"
RECOVERY_SWEEP = "Recovery sweep"


def _defaults() -> list[dict]:
    nightly, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="2", day_of_week="*", day_of_month="*",
                                                       month_of_year="*")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.MINUTES)
    every_6h, _ = IntervalSchedule.objects.get_or_create(every=6, period=IntervalSchedule.HOURS)
    sundays, _ = CrontabSchedule.objects.get_or_create(minute="0", hour="4", day_of_week="0", day_of_month="*",
                                                       month_of_year="*")
    return [
        dict(name=NIGHTLY_RETRAIN, task="learners.tasks.retrain", crontab=nightly, queue="gpu",
             description="Retrain the meta-model on every attempt (02:30)."),
        dict(name=SIMILARITY_REFRESH, task="learners.tasks.rebuild_similarity", interval=every_6h, queue="default",
             description="Recompute each student's nearest students and the cohorts."),
        dict(name=PREREQUISITE_SUGGESTIONS, task="learners.tasks.suggest_prerequisites", crontab=sundays,
             queue="default", description="Propose prerequisite links learned from the data (staff accept them)."),
        dict(name=RECOVERY_SWEEP, task="learners.tasks.recover", interval=every_minute, queue="default",
             description="Take up training runs whose worker died; wake a worker for refreshes left queued."),
    ]


@transaction.atomic
def schedules_setup() -> list[tuple[str, bool]]:
    """Create the default schedules that do not exist; never touch one an admin has (matched by name)."""
    done = []
    for fields in _defaults():
        task, created = PeriodicTask.objects.get_or_create(name=fields.pop("name"), defaults=fields)
        done.append((task.name, created))
    return done
