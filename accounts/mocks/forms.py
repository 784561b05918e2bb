"""The "new mock" form: every limit shows up as a form error that says what to change."""

from django import forms

from accounts.mocks.models import MAX_MINUTES, MAX_QUESTIONS, MIN_MINUTES, MIN_QUESTIONS
from accounts.models import Rating
from questions.models import Category, Role


def _whole_number(label: str, low: int, high: int, *, what: str) -> forms.IntegerField:
    """Optional at field level (a preset sets it); ``MockForm.clean`` checks the range with a clear error."""
    return forms.IntegerField(
        label=label,
        required=False,
        initial=5,
        help_text=f"From {low} to {high}.",
        widget=forms.NumberInput(attrs={"min": low, "max": high}),
        error_messages={"invalid": f"Give the {what} as a whole number."},
    )


class MockForm(forms.Form):
    """Either a preset (its own submit button, ``preset=<guide>:<kind>``) or the choices below."""

    role = forms.ModelChoiceField(
        label="Guide",
        queryset=Role.objects.published().order_by("order", "title"),
        required=False,
        empty_label="Choose a guide…",
    )
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Category.values),
    )
    count = _whole_number("Number of questions", MIN_QUESTIONS, MAX_QUESTIONS, what="number of questions")
    minutes = _whole_number("Minutes per question", MIN_MINUTES, MAX_MINUTES, what="minutes")
    hide_difficulty = forms.BooleanField(label="Hide each question's difficulty", required=False, initial=True)
    shuffle = forms.BooleanField(label="Shuffle the order", required=False, initial=True)
    preset = forms.CharField(required=False, max_length=120)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("preset"):
            return cleaned  # the view resolves it; the fields below are the preset's
        if cleaned.get("role") is None and "role" not in self.errors:
            self.add_error("role", "Choose the guide to draw the questions from.")
        if not cleaned.get("categories") and "categories" not in self.errors:
            self.add_error("categories", "Choose at least one category.")
        count, minutes = cleaned.get("count"), cleaned.get("minutes")
        if "count" not in self.errors and (count is None or not MIN_QUESTIONS <= count <= MAX_QUESTIONS):
            self.add_error("count", f"Choose from {MIN_QUESTIONS} to {MAX_QUESTIONS} questions.")
        if "minutes" not in self.errors and (minutes is None or not MIN_MINUTES <= minutes <= MAX_MINUTES):
            self.add_error("minutes", f"Choose from {MIN_MINUTES} to {MAX_MINUTES} minutes per question.")
        return cleaned


class MockAnswerForm(forms.Form):
    """The answer to the question at ``position``; the server decides whether it is on time."""

    position = forms.IntegerField(min_value=0)
    answer_md = forms.CharField(required=False, strip=False, widget=forms.Textarea)
    finish = forms.BooleanField(required=False, help_text="End the mock after this answer.")


class MockRatingForm(forms.Form):
    position = forms.IntegerField(min_value=0)
    rating = forms.ChoiceField(choices=Rating.choices)
