from django.apps import AppConfig


class PrepsiteConfig(AppConfig):
    """The project package as an app, so project-wide commands (backup, restore) live here."""

    name = "prepsite"
    verbose_name = "Prepsite"
