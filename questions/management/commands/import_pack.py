from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.packs import PackError
from questions.services.packs import pack_import


class Command(BaseCommand):
    help = "Create or update a role guide from a content pack file, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Pack files (YAML).")
        parser.add_argument("--dry-run", action="store_true", help="Check and report; write nothing.")

    def handle(self, *args, files: list[Path], dry_run: bool, **options):
        for path in files:
            try:
                source = path.read_bytes()
            except OSError as error:
                raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
            try:
                plan = pack_import(source=source, dry_run=dry_run)
            except PackError as error:
                lines = "\n".join(f"  {problem}" for problem in error.problems)
                raise CommandError(
                    f"{path}: {len(error.problems)} problem(s), nothing was imported:\n{lines}"
                ) from error
            prefix = "Would import" if dry_run else "Imported"
            self.stdout.write(f"{prefix} {path.name}: {plan.summary()}")
