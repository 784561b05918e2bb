"""Moderation queues announce themselves on the admin index: "Salary reports (3 pending)".

A ModelAdmin that moderates contributions defines ``queue_count()``; the admin index and
app pages add the count to that model's name when it is not zero. One small wrapper for
every app, so no app overrides the admin's index template.
"""

from functools import wraps

from django.contrib import admin


def with_queue_counts(get_app_list):
    @wraps(get_app_list)
    def app_list(request, app_label=None):
        apps = get_app_list(request, app_label)
        for app in apps:
            for entry in app["models"]:
                model_admin = admin.site._registry.get(entry["model"])
                count = getattr(model_admin, "queue_count", None)
                if count is not None and (pending := count()):
                    entry["name"] = f"{entry['name']} ({pending} pending)"
        return apps

    return app_list
