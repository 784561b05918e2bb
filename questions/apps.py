from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Guides and questions"

    def ready(self) -> None:
        from questions import pack_sections, signals  # noqa: F401 - registers pack sections, cache invalidation
