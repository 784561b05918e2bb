from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from accounts.models import Profile


class AccountAdapter(DefaultAccountAdapter):
    """Send a candidate without a profile to the profile questions first, whichever way they signed in."""

    def get_login_redirect_url(self, request) -> str:
        if not Profile.objects.filter(user=request.user).exists():
            return reverse("accounts:profile") + "?welcome=1"
        return super().get_login_redirect_url(request)
