"""``make bench``: load the production path with wrk and print one table (see prepsite.loadbench).

The numbers are printed, never asserted. Durations and concurrency come from the
options or from ``BENCH_SECONDS``, ``BENCH_CONNECTIONS``, ``BENCH_THREADS`` and
``WEB_CONCURRENCY``; ``DATABASE_URL`` and ``REDIS_URL`` pick PostgreSQL (a scratch
database on that server) and Redis, as they do for the site.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from prepsite.loadbench import BenchmarkError, Options, run

# option, type, environment variable, default, what it sets
OPTIONS = [
    ("seconds", float, "BENCH_SECONDS", "5", "How long wrk loads each row"),
    ("connections", int, "BENCH_CONNECTIONS", "16", "Connections wrk keeps open"),
    ("threads", int, "BENCH_THREADS", "2", "wrk threads"),
    ("workers", int, "WEB_CONCURRENCY", "2", "gunicorn workers per server"),
]


class Command(BaseCommand):
    help = "Serve a scratch copy of the site with gunicorn, load each page with wrk and print req/s, p50 and p99."
    requires_system_checks = []  # the site under test runs its own settings, in its own processes

    def add_arguments(self, parser):
        for option, kind, variable, default, meaning in OPTIONS:
            parser.add_argument(
                f"--{option}",
                type=kind,
                default=kind(os.environ.get(variable, default)),
                help=f"{meaning} ({variable}, default {default}).",
            )

    def handle(self, *args, seconds, connections, threads, workers, **options):
        if seconds <= 0 or connections < 1 or threads < 1 or workers < 1 or threads > connections:
            raise CommandError("--seconds must be positive, and 1 <= --threads <= --connections, --workers >= 1.")
        bench_options = Options(seconds=seconds, connections=connections, threads=threads, workers=workers)
        try:
            table = run(bench_options, progress=lambda line: self.stderr.write(f"… {line}"))
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(table)
