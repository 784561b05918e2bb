from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Guides and questions"

    def ready(self) -> None:
        from prepsite.moderation import Queue, register_queue
        from questions import pack_sections, signals  # noqa: F401 - registers pack sections, cache invalidation
        from questions.models import InterviewExperience

        register_queue(
            Queue(
                label="Interview experiences",
                pending=lambda: InterviewExperience.objects.filter(status=InterviewExperience.Status.PENDING),
                changelist="admin:questions_interviewexperience_changelist",
                permission="questions.change_interviewexperience",
            )
        )
