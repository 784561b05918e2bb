from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from accounts.models import Profile


class AccountAdapter(DefaultAccountAdapter):
    """Send a candidate without a profile to the profile questions first, whichever way they signed in.

    After sign-up the first login happens when the emailed link is confirmed; allauth then
    asks for the *signup* redirect, any later login for the *login* redirect.
    """

    def _profile_first(self, request, default: str) -> str:
        if request.user.is_authenticated and not Profile.objects.filter(user=request.user).exists():
            return reverse("accounts:profile") + "?welcome=1"
        return default

    def get_login_redirect_url(self, request) -> str:
        return self._profile_first(request, super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return self._profile_first(request, super().get_signup_redirect_url(request))
