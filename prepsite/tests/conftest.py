"""Fixtures for the project-wide tests."""

import pytest

from prepsite.tests.scratch import postgres_databases, sqlite_databases


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path, db):
    """Makes scratch databases of one kind, each shared by every process a test starts."""
    kind = sqlite_databases if request.param == "sqlite" else postgres_databases
    with kind(tmp_path) as new:
        yield new
