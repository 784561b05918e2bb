"""Does a page's cost grow with the catalogue? Measure it with the starter content, then
again after adding ten thousand questions, and print both.

Everything happens in a scratch database made like the test runner makes one (a
temporary SQLite file, or a throw-away PostgreSQL database when ``DATABASE_URL`` is set),
then dropped: the developer's database is never touched. Pages are rendered in this
process through the test client with DEBUG off and the page cache bypassed (each
anonymous response's cache entry is deleted after it is measured), so every request
renders; caches keyed by the content version stay warm, as they would on a live site.
The candidate's data version is bumped before each of their requests, as a rating does,
so their dashboard is drawn every time rather than read back (``accounts.state``).
Speed is printed here, never asserted in tests.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from accounts.state import user_state_changed
from prepsite.scale_catalogue import candidate_make, catalogue_grow
from questions.models import Question

SCRATCH_CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench-scale"}}

PAGES = (
    ("/questions/", "/questions/"),
    ("/questions/?q=cache+database", "/questions/?q=cache+database"),
    ("/questions/?difficulty=hard&category=technical", "/questions/?difficulty=hard&category=technical"),
    ("a question page", None),
    ("/me/ with the candidate's ratings", "/me/"),
)


class Command(BaseCommand):
    help = "Median render time of the list, search, filters, a question page and the dashboard: small vs large."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, default=10_000, help="Questions to add for the large catalogue.")
        parser.add_argument("--guides", type=int, default=20, help="Guides they are spread over.")
        parser.add_argument("--ratings", type=int, default=1_000, help="The candidate's ratings.")
        parser.add_argument("--requests", type=int, default=30, help="Measured requests per page (after 3 warm-ups).")

    def handle(self, *args, questions: int, guides: int, ratings: int, requests: int, **options):
        settings.DEBUG = False
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
        with tempfile.TemporaryDirectory(prefix="prepsite-bench-") as folder:
            old_name = self._scratch_database(Path(folder))
            try:
                # A cache of its own: the scratch database's ids and content version must
                # never meet the developer's (Redis, say) cache.
                with override_settings(CACHES=SCRATCH_CACHES):
                    self._run(questions=questions, guides=guides, ratings=ratings, requests=requests)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)

    def _scratch_database(self, folder: Path) -> str:
        """Point the default connection at a new, migrated scratch database; return the old name."""
        old_name = connection.settings_dict["NAME"]
        test = connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            test["NAME"] = str(folder / "bench.sqlite3")
        else:
            test["NAME"] = f"prepsite_bench_{uuid.uuid4().hex[:10]}"
        self.stdout.write(f"Scratch database {test['NAME']} ({connection.vendor}): migrating…")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return old_name

    def _run(self, *, questions: int, guides: int, ratings: int, requests: int) -> None:
        call_command("load_starter_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
        started = time.perf_counter()
        user = candidate_make(ratings=ratings)
        self.stdout.write(f"A candidate with {ratings} ratings in {time.perf_counter() - started:.1f} s.")
        small_count = Question.objects.published().count()
        small = self._measure(user, requests)
        started = time.perf_counter()
        catalogue_grow(questions=questions, guides=guides)
        large_count = Question.objects.published().count()
        self.stdout.write(f"Added {questions} questions in {guides} guides in {time.perf_counter() - started:.1f} s.")
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        large = self._measure(user, requests)

        small_head, large_head = f"{small_count} q ms", f"{large_count} q ms"
        self.stdout.write("")
        self.stdout.write(f"Median of {requests} requests; 'first' is the large catalogue's first request, before")
        self.stdout.write("the caches keyed by the content version hold anything; queries are small/large.")
        self.stdout.write(f"{'page':48} {small_head:>10} {large_head:>12} {'ratio':>6} {'first':>7} {'queries':>8}")
        for label, _ in PAGES:
            (small_ms, _, small_queries), (large_ms, large_first, large_queries) = small[label], large[label]
            queries = f"{small_queries}/{large_queries}"
            ratio = large_ms / small_ms
            self.stdout.write(
                f"{label:48} {small_ms:10.1f} {large_ms:12.1f} {ratio:5.1f}× {large_first:7.1f} {queries:>8}"
            )

    @override_settings(PAGE_CACHE=False)  # every request renders; shared fragments stay warm
    def _measure(self, user, requests: int) -> dict[str, tuple[float, float, int]]:
        question = Question.objects.published().order_by("role__order", "number")[5]
        visitor, candidate = Client(), Client()
        candidate.force_login(user)
        results = {}
        for label, url in PAGES:
            url = url or question.get_absolute_url()
            client = candidate if url.startswith("/me/") else visitor
            timings, first = [], None
            for attempt in range(requests + 3):
                if client is candidate:  # as after a rating: the candidate's kept parts are drawn again
                    user_state_changed(user.pk)
                start = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - start
                assert response.status_code == 200, (url, response.status_code)
                first = elapsed if first is None else first
                if attempt >= 3:
                    timings.append(elapsed)
            if client is candidate:
                user_state_changed(user.pk)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            results[label] = (statistics.median(timings) * 1000, first * 1000, len(captured))
        return results
