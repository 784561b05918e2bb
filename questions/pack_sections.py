"""The guide sections this app contributes to a content pack, in file order."""

from questions import models as m
from questions.packs import Field, RowSection, choices_of, register_section

ROLE_FIELDS = (
    Field("slug", "slug"),
    Field("title"),
    Field("lead"),
    Field("intro_md", "text"),
    Field("negotiation_md", "text", required=False, default=""),
    Field("pay_note_md", "text", required=False, default=""),
    Field("is_published", "bool"),
    Field("order", "int", required=False, default=0),
)
SKILL_FIELDS = (Field("slug", "slug"), Field("name"))
COMPANY_FIELDS = (Field("slug", "slug"), Field("name"), Field("website", "url", required=False, default=""))
QUESTION_FIELDS = (
    Field("slug", "slug"),
    Field("number", "int"),
    Field("text"),
    Field("category", "choice", choices=choices_of(m.Category)),
    Field("difficulty", "choice", choices=choices_of(m.Difficulty)),
    Field("is_published", "bool", required=False, default=True),
    Field("why_asked_md", "text"),
    Field("sample_answer_md", "text"),
)
QUESTION_LIST_KEYS = ("skills", "companies", "tips", "mistakes", "key_points")
KEY_POINT_FIELDS = (Field("text"), Field("phrases", "lines"))


def check_days_ordered(item: dict, where: str, problems: list[str]) -> None:
    if item["days_before_min"] > item["days_before_max"]:
        problems.append(f"{where}.days_before_min: must not be more than days_before_max")


def check_experience_numbers(item: dict, where: str, problems: list[str]) -> None:
    """Month and year come together, in range; difficulty is 1 to 5 (all optional)."""
    month, year, difficulty = item.get("month"), item.get("year"), item.get("difficulty")
    if (month is None) != (year is None):
        problems.append(f"{where}.month: give both month and year, or neither")
    elif month is not None:
        error = m.interviewed_error(month, year)
        if error:
            problems.append(f"{where}.year: {error}")
    if difficulty is not None and not 1 <= difficulty <= 5:
        problems.append(f"{where}.difficulty: {difficulty} is not from 1 to 5")


register_section(
    RowSection(
        key="prep_tips",
        model=lambda: m.PrepTip,
        related_name="preptips",
        position=10,
        unique_key="title",
        fields=(
            Field("title"),
            Field("body_md", "text"),
            Field("days_before_min", "int"),
            Field("days_before_max", "int"),
        ),
        record_check=check_days_ordered,
    )
)
register_section(
    RowSection(
        key="experiences",
        model=lambda: m.InterviewExperience,
        related_name="experiences",
        position=20,
        fields=(
            Field("company", "ref"),
            Field("month", "int", required=False, nullable=True),
            Field("year", "int", required=False, nullable=True),
            Field("difficulty", "int", required=False, nullable=True),
            Field("summary_md", "text"),
            Field("questions_asked", "lines", required=False, default=()),
            Field("outcome", "choice", choices=choices_of(m.InterviewExperience.Outcome)),
            Field("takeaway", "text", required=False, default=""),
            Field("tip", "text", required=False, default=""),
        ),
        # Only the guide's own experiences travel in a pack; candidates' reports stay,
        # also once their author deleted the account.
        owned_rows=lambda rows: rows.filter(is_contribution=False),
        record_check=check_experience_numbers,
        extra_values=lambda: {"status": m.InterviewExperience.Status.APPROVED},
    )
)
register_section(
    RowSection(
        key="red_flags",
        model=lambda: m.RedFlag,
        related_name="redflags",
        position=30,
        unique_key="signal",
        fields=(Field("signal"), Field("why_md", "text"), Field("what_to_do_md", "text")),
    )
)
register_section(
    RowSection(
        key="checklist",
        model=lambda: m.ChecklistItem,
        related_name="checklistitems",
        position=50,
        scalar=True,
        fields=(Field("text"),),
    )
)
register_section(
    RowSection(
        key="ask_the_interviewer",
        model=lambda: m.AskTheInterviewer,
        related_name="asktheinterviewers",
        position=60,
        unique_key="text",
        fields=(Field("text"), Field("why", "text"), Field("good_sign", "text")),
    )
)
register_section(
    RowSection(
        key="insights",
        model=lambda: m.Insight,
        related_name="insights",
        position=70,
        unique_key="title",
        fields=(
            Field("title"),
            Field("body_md", "text"),
            Field("source_kind", "choice", choices=choices_of(m.Insight.SourceKind)),
            Field("how_to_apply", "text"),
        ),
    )
)
register_section(
    RowSection(
        key="faqs",
        model=lambda: m.Faq,
        related_name="faqs",
        position=80,
        unique_key="question",
        fields=(Field("question"), Field("answer_md", "text")),
    )
)
register_section(
    RowSection(
        key="resources",
        model=lambda: m.Resource,
        related_name="resources",
        position=90,
        unique_key="name",
        fields=(
            Field("name"),
            Field("kind", "choice", choices=choices_of(m.Resource.Kind)),
            Field("url", "url"),
            Field("is_free", "bool"),
            Field("blurb"),
        ),
    )
)
