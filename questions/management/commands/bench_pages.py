"""Render the public pages repeatedly and report how fast they are.

Speed is measured here, never asserted in tests. Run against the starter content
(`make bench`); numbers depend on the machine, so compare runs on the same one.
"""

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from questions.models import Question, Role


class Command(BaseCommand):
    help = "Benchmark the public pages: requests per second, median and p95 time, queries and size per page."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="Requests per page and mode.")

    def handle(self, *args, requests: int, **options):
        role = Role.objects.published().first()
        question = Question.objects.published().first()
        if role is None or question is None:
            self.stderr.write("No published content: run `make setup` (or load_starter_content) first.")
            return
        pages = [
            "/",
            role.get_absolute_url(),
            "/questions/",
            "/questions/?q=cache&difficulty=medium",
            question.get_absolute_url(),
            f"/salaries/{role.slug}/",
            "/sitemap.xml",
            "/api/v1/questions/?limit=100",
            "/api/v1/questions/?q=cache&difficulty=medium",
            f"/api/v1/questions/{question.slug}/",
            f"/api/v1/roles/{role.slug}/",
            "/api/v1/",
        ]
        client = Client()
        # One address makes every request here; the API's per-address limit must not count them.
        limit = override_settings(API_RATE_LIMIT=10**9)
        limit.enable()
        self.stdout.write(
            f"{'page':42} {'mode':8} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'kB':>7}"
        )
        for url in pages:
            for mode in ("uncached", "cached"):
                timings, queries = [], 0
                for _ in range(requests):
                    if mode == "uncached":
                        cache.clear()
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        response = client.get(url)
                        timings.append(time.perf_counter() - start)
                    assert response.status_code == 200, (url, response.status_code)
                    queries = len(captured)
                timings.sort()
                median = statistics.median(timings) * 1000
                p95 = timings[max(0, int(len(timings) * 0.95) - 1)] * 1000
                rate = len(timings) / sum(timings)
                size_kb = len(response.content) / 1000
                self.stdout.write(
                    f"{url[:42]:42} {mode:8} {rate:8.0f} {median:10.2f} {p95:8.2f} {queries:8d} {size_kb:7.1f}"
                )
        limit.disable()
