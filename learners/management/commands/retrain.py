"""python manage.py retrain [--here] [--epochs N]: queue a retraining (or run it in this process with --here)."""
from django.core.management.base import BaseCommand, CommandError

from learners.services import training


class Command(BaseCommand):
    help = "Retrain the meta-model on every attempt; --here runs it in this process and prints progress."

    def add_arguments(self, parser):
        parser.add_argument("--here", action="store_true", help="train in this process instead of on a worker")
        parser.add_argument("--epochs", type=int, help="upper bound on epochs (default: metacore's)")

    def handle(self, *args, here, epochs, **options):
        if not here:
            try:
                run = training.retrain_request()
            except training.TrainingInProgress as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"queued training run {run.pk}")
            return
        version = training.retrain_here(config=training.training_config(**({"epochs": epochs} if epochs else {})))
        self.stdout.write(f"version {version.pk}: {version.get_status_display()} — {version.reason}")
