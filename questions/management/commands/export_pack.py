from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from questions.models import Role
from questions.services.packs import pack_export


class Command(BaseCommand):
    help = "Write a role guide as a content pack (to stdout, or to --output)."

    def add_arguments(self, parser):
        parser.add_argument("role_slug")
        parser.add_argument("--output", "-o", type=Path, help="File to write instead of stdout.")

    def handle(self, *args, role_slug: str, output: Path | None, **options):
        role = Role.objects.filter(slug=role_slug).first()
        if role is None:
            known = ", ".join(Role.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No role guide {role_slug!r} (known: {known}).")
        text = pack_export(role=role)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
