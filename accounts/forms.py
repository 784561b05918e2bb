"""Forms for the candidate's own data: every limit shows up as a form error, never a 500."""

from django import forms

from accounts import scheduling
from accounts.models import DRAFT_MAX_LENGTH, NEW_PER_DAY_MAX, NOTES_MAX_LENGTH, Rating, time_zone_choices
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
        help_text="Days and streaks on your dashboard, and your review schedule, are counted in it.",
    )
    desired_retention = forms.FloatField(
        required=False,
        min_value=scheduling.RETENTION_MIN,
        max_value=scheduling.RETENTION_MAX,
        initial=scheduling.RETENTION_DEFAULT,
        label="Desired retention",
        help_text="The share of due questions you aim to answer well, from 0.80 to 0.97. "
        "Higher means shorter gaps between reviews.",
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_per_day = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=NEW_PER_DAY_MAX,
        initial=5,
        label="New questions per day",
        help_text="How many questions you have never practised the review page offers each day.",
    )
    reminders_enabled = forms.BooleanField(required=False, label="Email me when questions are due (at most once a day)")
    reminder_hour = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        initial=8,
        label="Reminder hour",
        help_text="In your time zone.",
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
        if not self.user.has_usable_password():  # signed up with GitHub or Google
            raise forms.ValidationError("Set a password first; deleting the account asks for it.")
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; the account was not deleted.")
        return password
