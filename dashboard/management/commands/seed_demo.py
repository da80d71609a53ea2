from django.core.management.base import BaseCommand
from django.db import transaction

from agency.demo import DEMO_PASSWORD, DEMO_USERS, demo_agency_load
from dashboard.demo import demo_content_load


class Command(BaseCommand):
    help = "Load a demo agency with one user of each role and some work in every area (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            agency, users = demo_agency_load()
            loaded = demo_content_load(agency=agency, users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo agency: {agency.name}" + ("" if loaded else " (already loaded)")))
        for email, _first, _last, role in DEMO_USERS:
            self.stdout.write(f"  {role.label:<11} {email}  password: {DEMO_PASSWORD}")
