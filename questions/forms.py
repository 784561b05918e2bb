"""The "Share your interview" form: every limit and the date rule are form errors, never a 500."""

import calendar

from django import forms
from django.utils import timezone

from questions.models import (
    EXPERIENCE_EARLIEST_YEAR,
    EXPERIENCE_TEXT_MAX,
    InterviewExperience,
    InterviewRound,
    Question,
    Role,
    interviewed_error,
)
from questions.services.experiences import MAX_LINKED_QUESTIONS, MAX_NEW_QUESTIONS, MAX_ROUNDS, RoundInput

QUESTION_TEXT_MAX = 300
ROUND_SLOTS = 3  # empty rounds a new form offers; "Add a round" adds one more, up to MAX_ROUNDS


def _text(label: str, *, required: bool = False, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=EXPERIENCE_TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ExperienceForm(forms.Form):
    role = forms.ModelChoiceField(
        label="Guide",
        queryset=Role.objects.published().order_by("order", "title"),
        empty_label="Choose a guide…",
        error_messages={"required": "Choose the guide for the role you interviewed for."},
    )
    month = forms.TypedChoiceField(
        coerce=int,
        choices=[("", "Month…"), *((number, calendar.month_name[number]) for number in range(1, 13))],
        error_messages={"required": "Choose the month of the interview."},
    )
    year = forms.IntegerField(
        error_messages={"required": "Give the year of the interview.", "invalid": "Give the year as a number."}
    )
    difficulty = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1 – easy"), (2, "2"), (3, "3 – fair"), (4, "4"), (5, "5 – very hard")],
        widget=forms.RadioSelect,
        error_messages={"required": "Rate how hard it was, from 1 to 5."},
    )
    outcome = forms.ChoiceField(
        choices=[("", "Choose…"), *InterviewExperience.Outcome.choices],
        error_messages={"required": "Say how it ended (or that you are waiting to hear)."},
    )
    summary_md = _text(
        "What happened overall",
        required=True,
        rows=5,
        help_text="The process from first call to decision. Leave out names of interviewers. Markdown.",
    )
    linked_questions = forms.ModelMultipleChoiceField(queryset=Question.objects.published(), required=False)
    question_search = forms.CharField(label="Find a question on the site", required=False, max_length=100)
    new_questions = forms.CharField(
        label="Questions not on the site",
        required=False,
        max_length=MAX_NEW_QUESTIONS * (QUESTION_TEXT_MAX + 1),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"One question per line, at most {MAX_NEW_QUESTIONS}. Curators may add them to the guide.",
    )
    takeaway = _text("Takeaway", help_text="What you would tell a friend about to interview there. Markdown.")
    tip = _text("Tip", rows=3, help_text="One concrete thing to prepare. Markdown.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"min": EXPERIENCE_EARLIEST_YEAR, "max": timezone.localdate().year})

    def clean_linked_questions(self):
        linked = list(self.cleaned_data["linked_questions"])
        if len(linked) > MAX_LINKED_QUESTIONS:
            raise forms.ValidationError(f"Pick at most {MAX_LINKED_QUESTIONS} questions from the site.")
        return linked

    def clean_new_questions(self) -> list[str]:
        lines = []
        for line in self.cleaned_data["new_questions"].splitlines():
            line = line.strip()
            if line and line not in lines:
                lines.append(line)
        if len(lines) > MAX_NEW_QUESTIONS:
            raise forms.ValidationError(f"{len(lines)} questions: list at most {MAX_NEW_QUESTIONS}.")
        too_long = [number for number, line in enumerate(lines, start=1) if len(line) > QUESTION_TEXT_MAX]
        if too_long:
            raise forms.ValidationError(
                f"Question {too_long[0]} is longer than {QUESTION_TEXT_MAX} characters: shorten it."
            )
        return lines

    def clean(self):
        cleaned = super().clean()
        month, year = cleaned.get("month"), cleaned.get("year")
        if month is not None and year is not None:
            error = interviewed_error(month, year)
            if error:
                self.add_error("year", error)
        return cleaned


class RoundForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Kind of round…"), *InterviewRound.Kind.choices], required=False)
    description_md = forms.CharField(
        label="What happened",
        required=False,
        max_length=EXPERIENCE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        kind, description = cleaned.get("kind"), (cleaned.get("description_md") or "").strip()
        if description and not kind:
            self.add_error("kind", "Choose the kind of this round.")
        if kind and not description:
            self.add_error("description_md", "Say what happened in this round.")
        return cleaned


class BaseRoundFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.rounds():
            raise forms.ValidationError("Describe at least one round: its kind and what happened.")

    def rounds(self) -> list[RoundInput]:
        return [
            RoundInput(kind=form.cleaned_data["kind"], description_md=form.cleaned_data["description_md"].strip())
            for form in self.forms
            if form.cleaned_data.get("kind") and (form.cleaned_data.get("description_md") or "").strip()
        ]


RoundFormSet = forms.formset_factory(
    RoundForm,
    formset=BaseRoundFormSet,
    extra=ROUND_SLOTS,
    max_num=MAX_ROUNDS,
    validate_max=True,
    absolute_max=MAX_ROUNDS,
)
