from django.apps import AppConfig


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = "Compensation"

    def ready(self) -> None:
        # The pay parts of a content pack belong to this app; the pack format in
        # ``questions`` knows them only through its section registry (no import cycle).
        from compensation import pack_sections, signals  # noqa: F401
        from questions.services.curators import register_moderated_model

        # Curators moderate salary reports; their admin refuses adding and editing amounts.
        register_moderated_model(lambda: self.get_model("SalaryReport"))
        from prepsite.moderation import Queue, register_queue

        register_queue(
            Queue(
                label="Salary reports",
                pending=lambda: self.get_model("SalaryReport").objects.pending(),
                changelist="admin:compensation_salaryreport_changelist",
                permission="compensation.change_salaryreport",
            )
        )
