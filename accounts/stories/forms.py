"""The story form: every limit and the date rule show up as form errors, never a 500."""

from django import forms
from django.utils import timezone

from accounts.stories.models import EARLIEST_YEAR, MONTH_NAMES, STORY_TEXT_MAX_LENGTH, happened_error
from questions.models import Skill


def _star_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=f"{help_text} Markdown.",
        max_length=STORY_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": f"Write the {label.lower()}: a STAR story needs all four parts."},
    )


class StoryForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        help_text="A few words you will recognise it by, e.g. “The migration that slipped”.",
        error_messages={"required": "Give the story a title."},
    )
    situation_md = _star_field("Situation", "Where and when, who was involved, what was at stake.")
    task_md = _star_field("Task", "What you were responsible for.")
    action_md = _star_field("Action", "What you did yourself, step by step.")
    result_md = _star_field("Result", "What came of it, in figures where you can, and what you learnt.")
    happened_month = forms.TypedChoiceField(
        label="Month",
        coerce=int,
        choices=[("", "Month…"), *((number, name) for number, name in enumerate(MONTH_NAMES, start=1))],
        error_messages={
            "required": "Choose the month it happened.",
            "invalid_choice": "Choose a month from January to December.",
        },
    )
    happened_year = forms.IntegerField(  # its range is checked with the month, in clean()
        label="Year",
        error_messages={"required": "Give the year it happened.", "invalid": "Give the year as a number, e.g. 2023."},
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The skills this story shows.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_year"].widget.attrs.update({"min": EARLIEST_YEAR, "max": timezone.localdate().year})

    def clean(self):
        cleaned = super().clean()
        month, year = cleaned.get("happened_month"), cleaned.get("happened_year")
        if month is not None and year is not None:
            error = happened_error(month, year)
            if error:
                self.add_error("happened_year", error)
        return cleaned


class StoryLinkForm(forms.Form):
    """Link (``linked=1``) or unlink (``0``) one of the user's stories; the view finds the story through the user."""

    story = forms.IntegerField(min_value=1, error_messages={"required": "Choose one of your stories."})
    linked = forms.TypedChoiceField(choices=[("1", "link"), ("0", "unlink")], coerce=lambda value: value == "1")
