from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Candidates' accounts and practice"

    def ready(self) -> None:
        # The question list's personal filters live here; questions only offers the hook.
        from accounts.filters import register_progress_filter

        register_progress_filter()

        # A new account may get the id of one that is gone (a restore, a rolled-back
        # transaction on SQLite): its data version moves on, so nothing kept for the old
        # one is ever shown to it.
        from django.conf import settings
        from django.db.models.signals import post_save

        from accounts.state import new_account_version

        post_save.connect(new_account_version, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts-new-version")
