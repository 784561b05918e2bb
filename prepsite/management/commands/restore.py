from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from prepsite.backups import BackupError, database_restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the database")

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            answer = input(f"Replace every row in the database with {path}? Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            database_restore(path=Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored from {path}. Run `manage.py migrate` if the backup is older than the code.")
