"""System checks for a production set-up that Django's own deployment checks do not cover.

Registered by ``PrepsiteConfig.ready``; ``check --deploy`` runs them.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

# Backends that keep nothing another process can see.
IN_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Production's cache must be shared by every process.

    It holds the page-cache version, so an edit makes every worker's pages stale, and
    allauth's rate limits, which would otherwise count per worker: two workers let
    twice the failed logins through.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend not in IN_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The default cache ({backend}) lives in one process, but production runs several.",
            hint="Set REDIS_URL, or leave it unset for the database cache (manage.py createcachetable).",
            id="prepsite.E001",
        )
    ]
