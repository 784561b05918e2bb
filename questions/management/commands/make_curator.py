"""``manage.py make_curator EMAIL [--password]``: create or promote a curator.

Passwords are never taken as a command-line value (it would sit in shell history and
the process list): ``--password`` asks for one at a prompt. Without it a new curator
gets no usable password, and the command prints how to set one.
"""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from questions.services.curators import curator_make


class Command(BaseCommand):
    help = "Create a curator (staff, in the Curators group, not superuser) or promote an existing user to one."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The curator's e-mail address; also their username for a new account.")
        parser.add_argument(
            "--password", action="store_true", help="Prompt for a password to set (asked twice, never echoed)."
        )

    def handle(self, *args, email: str, password: bool, **options):
        secret = self.ask_password() if password else None
        try:
            user, created = curator_make(email=email, password=secret)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        verb = "Created" if created else "Promoted"
        self.stdout.write(f"{verb} curator {user.username} (staff, group Curators, not superuser).")
        if not user.has_usable_password():
            self.stdout.write(
                "They have no password yet. Set one with:\n"
                f"  python manage.py changepassword {user.username}\n"
                "or run this command again with --password."
            )

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        if not first:
            raise CommandError("The password must not be empty.")
        if getpass.getpass("Password (again): ") != first:
            raise CommandError("The two passwords differ; nothing was changed.")
        return first
