"""Twenty clients rating and bookmarking at once, through the whole request stack.

Run in its own process against a scratch database (``test_parallel_writers.py`` starts
it with ``manage.py shell``), so the threads' connections meet the real locking of a
shared SQLite file or PostgreSQL server, as gunicorn workers would. Prints one JSON
object: the status codes seen, the errors raised and the rows written per user.
"""

import json
import threading
from collections import Counter
from html.parser import HTMLParser

from django.db import connections
from django.test import Client

from accounts.models import Practice, ReviewLog
from accounts.tests.factories import make_user
from questions.tests.factories import make_question

USERS = 10
TABS_PER_USER = 2  # two writers per user: the same rows from two tabs at once
ROUNDS = 5


class RatingFormFields(HTMLParser):
    """The hidden fields of the page's rating form, whatever they are (a token among them)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = (attrs.get("action") or "").endswith("/rate/")
        elif tag == "input" and self._inside and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False


def rating_fields(client: Client, practice_url: str) -> dict[str, str]:
    parser = RatingFormFields()
    parser.feed(client.get(practice_url).content.decode())
    return parser.fields


def main() -> None:
    question = make_question()
    users = [make_user() for _ in range(USERS)]
    clients = []
    for user in users:
        for _ in range(TABS_PER_USER):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            clients.append(client)
    connections.close_all()

    practice_url = f"/practice/{question.slug}/"
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients))

    def writer(client: Client, tab: int) -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                fields = rating_fields(client, practice_url)
                answers = [
                    client.post(f"{practice_url}rate/", {**fields, "rating": "good"}),
                    client.post(f"{practice_url}bookmark/", {"bookmarked": "1" if tab == 0 else "0"}),
                ]
                with lock:
                    statuses.update(response.status_code for response in answers)
        except Exception as error:  # noqa: BLE001 - reported to the test
            with lock:
                errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(c, n % TABS_PER_USER)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    rows = {
        user.email: {
            "review_logs": ReviewLog.objects.filter(user=user, question=question).count(),
            "practice_rows": Practice.objects.filter(user=user, question=question).count(),
            "times_practised": Practice.objects.get(user=user, question=question).times_practised,
        }
        for user in users
    }
    print(json.dumps({"statuses": statuses, "errors": errors, "rows": rows, "writers": len(clients)}))
