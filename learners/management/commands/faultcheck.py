"""python manage.py faultcheck [--json OUT] [--only refresh,retrain,redis,postgres]: the fault scenarios of
portal/faults.py on this site's database and broker. They write (and clean up) attempts, retrain, start workers and
a private redis-server, and `postgres` restarts the local PostgreSQL server: run it on a staging copy."""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import faults

NAMES = list(faults.SCENARIOS)


class Command(BaseCommand):
    help = "Kill a worker mid-refresh and mid-retraining, stop Redis, restart PostgreSQL; report the recovery."

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_path", help="write the report here as JSON")
        parser.add_argument("--only", default=",".join(NAMES), help=f"scenarios, comma-separated ({', '.join(NAMES)})")
        parser.add_argument("--pg-version", help="the cluster version pg_ctlcluster restarts (default: the newest)")
        parser.add_argument("--yes", action="store_true", help="confirm this is not the live site")

    def handle(self, *args, json_path, only, pg_version, yes, **options):
        names = [n.strip() for n in only.split(",") if n.strip()]
        unknown = sorted(set(names) - set(NAMES))
        if unknown:
            raise CommandError(f"unknown scenario {', '.join(unknown)} (known: {', '.join(NAMES)})")
        if not yes:
            raise CommandError("faultcheck writes, retrains and restarts PostgreSQL: pass --yes on a staging copy")
        reports = faults.run_scenarios(names, pg_version=pg_version)
        for report in reports:
            self.stdout.write(json.dumps(report))
        if json_path:
            Path(json_path).write_text(json.dumps({"scenarios": reports}, indent=2) + "\n")
        if not all(r["recovered"] and r["lost_attempts"] == 0 for r in reports):
            raise CommandError("a scenario did not recover, or lost attempts: see the report")
