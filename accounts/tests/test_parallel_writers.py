"""Twenty parallel writers: exact counts, no duplicate rows, no "database is locked", no 500.

The writers run in another process against a scratch database (SQLite file, and
PostgreSQL in the PostgreSQL pass), as gunicorn workers share one database.
"""

import json

from accounts.tests import parallel_writers
from prepsite.tests.scratch import manage


def test_twenty_parallel_writers_count_every_rating_exactly_once(new_database):
    database = new_database()
    manage(database, "migrate", "--noinput")
    result = manage(database, "shell", "--no-imports", "-c", "from accounts.tests.parallel_writers import main; main()")
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert report["writers"] == 20
    assert report["errors"] == []
    assert "database is locked" not in result.stderr
    # Every rating redirects on to the next step and every bookmark answers: nothing else.
    assert set(report["statuses"]) <= {"200", "302"}, report["statuses"]
    ratings = parallel_writers.TABS_PER_USER * parallel_writers.ROUNDS
    for email, rows in report["rows"].items():
        assert rows == {"review_logs": ratings, "practice_rows": 1, "times_practised": ratings}, email
