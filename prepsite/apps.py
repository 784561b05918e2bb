from django.apps import AppConfig


class PrepsiteConfig(AppConfig):
    """The project package as an app, so project-wide commands (backup, restore) and checks live here."""

    name = "prepsite"
    verbose_name = "Prepsite"

    def ready(self) -> None:
        from prepsite import checks  # noqa: F401 - registers the deployment checks
