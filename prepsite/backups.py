"""Database backups and restores that are safe while the site keeps writing.

PostgreSQL goes through ``pg_dump --format=custom`` and ``pg_restore``, which take a
consistent snapshot and restore it in one transaction. SQLite goes through its online
backup API: a file copy of a database in WAL mode can miss the pages still in the
``-wal`` file, or catch a half-written page, while the backup API copies a consistent
snapshot page by page and never blocks the writer for long.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

ALIAS = "default"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def _settings(alias: str) -> dict:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    return connections[alias].vendor


def backup_suffix(alias: str = ALIAS) -> str:
    return ".sqlite3" if _vendor(alias) == "sqlite" else ".dump"


def _postgres_command(program: str, alias: str) -> tuple[list[str], dict[str, str]]:
    """The client program's connection arguments, with the password in the environment, not argv."""
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian: apt-get install postgresql-client).")
    db = _settings(alias)
    args = [program, "--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed program
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip() or result.returncode}")


def database_backup(*, path: Path, alias: str = ALIAS) -> Path:
    """Write a consistent copy of the database to ``path`` (which must not exist yet)."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; a backup never overwrites a file.")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if _vendor(alias) == "sqlite":
            source = sqlite3.connect(_settings(alias)["NAME"], timeout=20)
            target = sqlite3.connect(partial)
            try:
                with target:
                    source.backup(target)
            finally:
                target.close()
                source.close()
        elif _vendor(alias) == "postgresql":
            args, env = _postgres_command("pg_dump", alias)
            _run([*args, "--format=custom", "--file", str(partial)], env)
        else:
            raise BackupError(f"Backups support SQLite and PostgreSQL, not {_vendor(alias)}.")
        partial.rename(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def database_restore(*, path: Path, alias: str = ALIAS) -> None:
    """Replace the database's contents with the backup at ``path``.

    SQLite: the backup is copied into the live file through the backup API (checked
    first, so a damaged file changes nothing). PostgreSQL: ``pg_restore --clean`` in a
    single transaction, so a failed restore leaves the database as it was.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    connections[alias].close()
    if _vendor(alias) == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            try:
                verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError as error:
                raise BackupError(f"{path} is not a SQLite backup: {error}") from error
            if verdict != "ok":
                raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")
            target = sqlite3.connect(_settings(alias)["NAME"], timeout=20)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    elif _vendor(alias) == "postgresql":
        args, env = _postgres_command("pg_restore", alias)
        _run(
            [
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            env,
        )
    else:
        raise BackupError(f"Restores support SQLite and PostgreSQL, not {_vendor(alias)}.")
    # Everything cached from the old contents is stale: a new content version makes every
    # shared fragment and every candidate's kept parts (keyed with it too) unreachable.
    from questions.public_cache import content_changed

    content_changed()
