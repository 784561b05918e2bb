from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404
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

    def login(self, request, user) -> None:
        """Count a sign-in with the password as a recent authentication.

        allauth's reauthentication window (ACCOUNT_REAUTHENTICATION_TIMEOUT) counts only
        records marked ``reauthenticated``, so without this a candidate who typed their
        password seconds ago would be asked for it again before adding an address or
        exporting. The record keeps its own time, so the window still closes on time;
        sign-ins without the password (the emailed confirmation link) do not count.
        """
        super().login(request, user)
        records = get_authentication_records(request, user)
        latest = next((record for record in reversed(records) if record.get("method") == "password"), None)
        if latest is not None and not latest.get("reauthenticated"):
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {**record, "reauthenticated": True} if record is latest else record for record in records
            ]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """GitHub and Google sign-in, for the providers the environment configures.

    A provider that is installed but has no client id and secret (``SOCIALACCOUNT_PROVIDERS``
    in settings) is not offered: allauth would answer its login URL with a server error
    (no app), so it answers 404 instead.
    """

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise Http404("This sign-in provider is not configured.") from None
