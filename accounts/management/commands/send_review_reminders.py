"""Send today's review reminders to the candidates whose chosen hour it is; run it hourly."""

from django.core.management.base import BaseCommand, CommandError

from accounts.reminders import reminders_send


class Command(BaseCommand):
    help = "Send the daily review reminder to candidates whose reminder hour it is (safe to run twice)."

    def handle(self, *args, **options):
        run = reminders_send()
        self.stdout.write(f"Sent {run.sent} review reminder{'s' if run.sent != 1 else ''}.")
        if run.failed:
            failed = ", ".join(str(user_id) for user_id in run.failed)
            raise CommandError(f"{len(run.failed)} reminder(s) could not be sent, to user ids {failed} (see the log).")
