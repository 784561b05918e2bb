"""Forms for the candidate's own data: every limit shows up as a form error, never a 500."""

from django import forms

from accounts.models import DRAFT_MAX_LENGTH, NOTES_MAX_LENGTH, Rating, time_zone_choices
from compensation.models import Level
from questions.models import Role


class ProfileForm(forms.Form):
    target_role = forms.ModelChoiceField(
        queryset=Role.objects.published().order_by("order", "title"),
        required=False,
        empty_label="Not decided yet",
        label="Role you are preparing for",
    )
    interview_date = forms.DateField(
        required=False,
        label="Interview date",
        help_text="If you have one: the dashboard counts down to it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    experience_level = forms.ChoiceField(
        choices=[("", "Prefer not to say"), *Level.choices],
        required=False,
        label="Experience level",
        help_text="Roughly: entry 0–2 years, mid 3–5, senior 6–9, staff or principal 10 or more.",
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        label="Time zone",
        help_text="Days and streaks on your dashboard are counted in it.",
    )


class DraftForm(forms.Form):
    draft_md = forms.CharField(
        label="Your answer",
        required=False,
        strip=False,
        max_length=DRAFT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class NotesForm(forms.Form):
    notes_md = forms.CharField(
        label="Private notes (Markdown)",
        required=False,
        strip=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RatingForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices)
    started = forms.CharField(required=False, max_length=20)  # checked by the view: a bad one is "now"
    token = forms.CharField(required=False, max_length=32)  # one per page shown: a replay counts once


class BookmarkForm(forms.Form):
    bookmarked = forms.TypedChoiceField(choices=[("1", "on"), ("0", "off")], coerce=lambda value: value == "1")


class ResetProgressForm(forms.Form):
    confirm = forms.BooleanField(label="Yes, clear my practice history and counts")
    keep_notes = forms.BooleanField(required=False, initial=True, label="Keep my bookmarks, notes and answer drafts")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; the account was not deleted.")
        return password
