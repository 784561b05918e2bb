"""Time, and optionally profile, what it costs to render the pages people read most.

``bench_pages`` measures the public pages with and without the page cache; this command
measures only rendering: every request misses the page cache (``PAGE_CACHE`` off) while
everything else stays as warm as in a running server, and the signed-in pages run for a
scratch candidate with some progress, all rolled back at the end. The ``-after-change``
rows bump the candidate's data version before each request, as a rating does, so what is
kept from their own data (``accounts.state``) is drawn again. Run it with production
settings (``DEBUG=0``) so template caching and static file names are as in production;
``--profile DIR`` writes one pyinstrument report per page.
"""

import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.services import bookmark_set, practice_record
from accounts.state import user_state_changed
from questions.models import Question, Role


class _RollBack(Exception):
    """Raised to undo the scratch candidate once the measurements are printed."""


class Command(BaseCommand):
    help = (
        "Median and p95 milliseconds (wall clock) and median CPU milliseconds to render the guide, "
        "the list, a question page and the dashboard."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Requests per page (default 50).")
        parser.add_argument("--profile", metavar="DIR", help="Write a pyinstrument report per page into DIR.")
        parser.add_argument("--page", action="append", help="Only the named page (repeatable).")

    def handle(self, *args, requests: int, profile: str | None, page: list[str] | None, **options):
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: numbers include debug-only work. Use DEBUG=0 for production figures.")
        role = Role.objects.published().first()
        question = Question.objects.published().filter(role=role).order_by("number").first()
        if role is None or question is None:
            raise CommandError("No published content: run `make setup` (or load_starter_content) first.")
        try:
            with transaction.atomic():
                self._measure(role, question, requests, Path(profile) if profile else None, page)
                raise _RollBack
        except _RollBack:
            pass

    def _measure(self, role, question, requests, profile_dir, only):
        visitor, candidate = Client(), Client()
        user = self._scratch_candidate(role)
        candidate.force_login(user)
        user_id = user.pk
        # name, client, address, and whose data version each request bumps (None: nobody's)
        pages = [
            ("guide", visitor, role.get_absolute_url(), None),
            ("list", visitor, reverse("questions:list"), None),
            ("question-visitor", visitor, question.get_absolute_url(), None),
            ("question-signed-in", candidate, question.get_absolute_url(), None),
            ("question-after-change", candidate, question.get_absolute_url(), user_id),
            ("dashboard", candidate, reverse("accounts:dashboard"), None),
            ("dashboard-after-change", candidate, reverse("accounts:dashboard"), user_id),
        ]
        if only:
            pages = [row for row in pages if row[0] in only]
        if profile_dir:
            profile_dir.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"{'page':20} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8} {'queries':>8} {'kB':>7}")
        for name, client, url, redraw_user in pages:
            for _ in range(3):  # warm up: templates compiled, per-process caches filled
                self._get(client, url, redraw_user)
            timings, cpu, queries, response = [], [], 0, None
            for _ in range(requests):
                with CaptureQueriesContext(connection) as captured:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = self._get(client, url, redraw_user)
                    cpu.append(time.process_time() - start_cpu)
                    timings.append(time.perf_counter() - start)
                queries = len(captured)
            timings.sort()
            median = statistics.median(timings) * 1000
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)] * 1000
            cpu_median = statistics.median(cpu) * 1000
            size_kb = len(response.content) / 1000
            self.stdout.write(f"{name:20} {median:10.2f} {p95:8.2f} {cpu_median:8.2f} {queries:8d} {size_kb:7.1f}")
            if profile_dir:
                self._profile(client, url, redraw_user, requests, profile_dir / f"{name}.txt")

    @override_settings(PAGE_CACHE=False)  # every request renders; shared fragments stay warm
    def _get(self, client: Client, url: str, redraw_user: int | None):
        if redraw_user is not None:  # the candidate's own cached parts are drawn again too
            user_state_changed(redraw_user)
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        return response

    def _profile(self, client: Client, url: str, redraw_user: int | None, requests: int, path: Path) -> None:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(requests):
                self._get(client, url, redraw_user)
        path.write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")
        self.stdout.write(f"  profile written to {path}")

    def _scratch_candidate(self, role):
        """A candidate with a quarter of the guide rated and a few bookmarks, as after some weeks."""
        user = get_user_model().objects.create_user(username="profile-pages-scratch", password=None)
        now = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)  # the same page every run
        questions = list(Question.objects.published().filter(role=role).order_by("number"))
        for index, rated in enumerate(questions[: max(1, len(questions) // 4)]):
            reviewed_at = now - timezone.timedelta(days=len(questions) - index)
            practice_record(user=user, question=rated, rating="good", seconds_spent=90, reviewed_at=reviewed_at)
        for bookmarked in questions[::5]:
            bookmark_set(user=user, question=bookmarked, bookmarked=True)
        return user
