from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from prepsite.backups import BackupError, backup_suffix, database_backup


class Command(BaseCommand):
    help = "Back up the database while the site runs (pg_dump --format=custom, or SQLite's online backup API)."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: BACKUP_DIR/prepsite-<UTC time>.<ext>)")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BACKUP_DIR) / f"prepsite-{stamp}{backup_suffix()}"
        try:
            path = database_backup(path=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
