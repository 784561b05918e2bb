from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

PACKS_DIR = Path(__file__).resolve().parents[2] / "packs"


class Command(BaseCommand):
    help = "Import every content pack that ships with Prepsite (safe to run again: it upserts)."

    def handle(self, *args, **options):
        packs = sorted(PACKS_DIR.glob("*.yaml"))
        call_command("import_pack", *packs, stdout=self.stdout, stderr=self.stderr)
