"""Any saved or deleted content makes cached public pages stale (see public_cache)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from questions import models as m
from questions.public_cache import content_changed

CONTENT_MODELS = (
    m.Role, m.Skill, m.Company, m.Question, m.QuestionTip, m.KeyPoint, m.PrepTip, m.RedFlag,
    m.AskTheInterviewer, m.Insight, m.Faq, m.Resource, m.ChecklistItem, m.InterviewExperience, m.InterviewRound,
)  # fmt: skip

for model in CONTENT_MODELS:
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}")
for through in (
    m.Question.skills.through, m.Question.companies.through, m.Role.skills.through,
    m.InterviewExperience.linked_questions.through,
):  # fmt: skip
    m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"content-m2m-{through.__name__}")
