"""python manage.py setup_schedules: the default periodic tasks, created once, never overwritten."""
from django.core.management.base import BaseCommand

from learners.services.schedules import schedules_setup


class Command(BaseCommand):
    help = "Create the default Celery beat schedules (nightly retraining, similarity refresh) where missing."

    def handle(self, *args, **options):
        for name, created in schedules_setup():
            self.stdout.write(f"{name}: {'created' if created else 'exists, left as it is'}")
