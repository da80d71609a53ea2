from django.core.management.base import BaseCommand, CommandError

from bench.dataset import AGENCY_COUNT, BENCH_PASSWORD, DatasetError, largest_agency, load


class Command(BaseCommand):
    help = "Load the benchmark dataset (PostgreSQL, into a database without agencies unless --reset)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Fraction of the full size (default 1.0).")
        parser.add_argument("--seed", type=int, default=10, help="Seed of the random generator (default 10).")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Empty the agencies and every table that refers to them (users included) first.",
        )

    def handle(self, *args, scale, seed, reset, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        try:
            counts = load(scale=scale, seed=seed, reset=reset, log=self.stdout.write)
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        for table, rows in counts.items():
            self.stdout.write(f"  {table:<32} {rows:>10,}")
        agency = largest_agency()
        self.stdout.write(self.style.SUCCESS(f"{AGENCY_COUNT} agencies loaded; the largest is {agency.name}."))
        self.stdout.write(f"  Its admin: admin@{agency.email.split('@')[1]}  password: {BENCH_PASSWORD}")
