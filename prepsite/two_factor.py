"""The admin opens only for staff who sign in with two factors.

allauth.mfa asks for an authenticator code at sign-in once a user has activated an
authenticator app; nothing in allauth makes one compulsory. Curators can change what
every visitor reads, so a stolen curator password alone must not open the admin: a
staff user without an active authenticator app is sent to allauth's set-up page
instead of any admin page, with a message saying why. Signing out stays possible.
"""

from functools import cache

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import get_script_prefix, get_urlconf, reverse

SET_UP_MESSAGE = (
    "Curators sign in with two factors. Set up an authenticator app below; "
    "the admin opens once it is active, and every later sign-in asks for its code."
)


def staff_needs_two_factor(user) -> bool:
    """True for a signed-in staff user who has no active authenticator app yet."""
    return user.is_authenticated and user.is_staff and not is_mfa_enabled(user, [Authenticator.Type.TOTP])


@cache
def _admin_paths(urlconf, script_prefix: str) -> tuple[str, str]:
    """The admin's address and its sign-out, reversed once per URLconf rather than per request."""
    return reverse("admin:index", urlconf=urlconf), reverse("admin:logout", urlconf=urlconf)


@receiver(setting_changed)
def _forget_admin_paths(*, setting, **_kwargs):
    if setting == "ROOT_URLCONF":
        _admin_paths.cache_clear()


class CuratorTwoFactorMiddleware:
    """Send staff without an authenticator app from any admin page to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        admin, logout = _admin_paths(get_urlconf(), get_script_prefix())
        if path.startswith(admin) and path != logout and staff_needs_two_factor(request.user):
            messages.warning(request, SET_UP_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
