from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Candidates' accounts and practice"

    def ready(self) -> None:
        # The question list's personal filters live here; questions only offers the hook.
        from accounts.filters import register_progress_filter

        register_progress_filter()
