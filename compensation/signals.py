"""Pay changes make cached public pages stale, like any other content change."""

from django.db.models.signals import post_delete, post_save

from compensation.models import CompanyPay, SalaryBand
from questions.public_cache import content_changed

for model in (SalaryBand, CompanyPay):
    post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model.__name__}")
    post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-delete-{model.__name__}")
