from django.conf import settings


def site(request):
    """Values the base layout needs on every page."""
    return {"site_name": "Prepsite", "debug": settings.DEBUG}
