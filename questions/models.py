"""The catalogue: role guides, their questions and every other section of a guide.

Every model here is registered with django-reversion (see ``questions/history.py``): a
question's versions carry its tips and key points, a role's versions carry its guide sections.

A guide (``Role``) is read by visitors as one long page; each section model below is a
list of rows ordered by ``order`` within its role. Content is written by curators or
imported from a content pack (see ``questions/packs.py``).
"""

import calendar
import re

import reversion
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from questions.keypoints import KEY_POINT_TEXT_MAX, MAX_PHRASES, PHRASE_MAX, phrase_lines, phrase_problems


class Category(models.TextChoices):
    TECHNICAL = "technical", "Technical"
    BEHAVIORAL = "behavioral", "Behavioral"
    SITUATIONAL = "situational", "Situational"
    ROLE_SPECIFIC = "role-specific", "Role-specific"
    CULTURE_FIT = "culture-fit", "Culture fit"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


@reversion.register()
class Skill(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyQuerySet(models.QuerySet):
    def published(self) -> "CompanyQuerySet":
        """Companies a visitor can reach: named by a published question, an approved
        experience or pay data of a published guide. A company that only a draft guide
        uses stays out of sight, like the guide. Pay is read through the reverse relation
        ``Role.company_pay`` (owned by ``compensation``), so this app imports nothing."""
        published = Question.objects.published().filter(companies=OuterRef("pk"))
        experiences = InterviewExperience.objects.approved().filter(company=OuterRef("pk"))
        paying_roles = Role.objects.published().filter(company_pay__company=OuterRef("pk"))
        return self.filter(Exists(published) | Exists(experiences) | Exists(paying_roles))


@reversion.register()
class Company(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    website = models.URLField(blank=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("questions:company", args=[self.slug])


class RoleQuerySet(models.QuerySet):
    def published(self) -> "RoleQuerySet":
        return self.filter(is_published=True)

    def with_question_counts(self) -> "RoleQuerySet":
        return self.annotate(question_count=Count("questions", filter=Q(questions__is_published=True)))


@reversion.register(
    follow=["preptips", "redflags", "asktheinterviewers", "insights", "faqs", "resources", "checklistitems"]
)
class Role(models.Model):
    """A role guide, such as Backend Developer: the unit a content pack holds."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=100, help_text="The role, e.g. 'Backend Developer'.")
    lead = models.CharField(max_length=300, help_text="One line shown under the page title.")
    intro_md = models.TextField("introduction", help_text="Markdown: what these interviews test today.")
    negotiation_md = models.TextField(blank=True, help_text="Markdown: how to read and negotiate an offer.")
    pay_note_md = models.TextField(
        blank=True, help_text="Markdown shown in the pay section, e.g. why no figures are shown yet."
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="roles", help_text="Key skills assessed.")
    is_published = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        # Lets a list in guide order (``QuestionQuerySet.in_guide_order``) walk the guides in
        # order and each guide's questions by index, stopping at the page's last row.
        indexes = [models.Index(fields=["order", "id"], name="role_order")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questions:role", args=[self.slug])

    @property
    def heading(self) -> str:
        return f"{self.title} Interview Questions"


def published_question(via: str = "") -> Q:
    """The condition of ``QuestionQuerySet.published``, for rows that reach a question
    through a foreign key (``via="question__"``). Filtering on it joins the one question
    of each row, where ``question__in=Question.objects.published()`` would make the
    database list every published question of the catalogue first."""
    return Q(**{f"{via}is_published": True, f"{via}role__is_published": True})


class QuestionQuerySet(models.QuerySet):
    def marked_published(self) -> "QuestionQuerySet":
        """Questions a curator has published, whether or not their guide is: what a
        curator's preview of a draft guide shows. Visitors read ``published()``."""
        return self.filter(is_published=True)

    def published(self) -> "QuestionQuerySet":
        """What visitors may see: a published question in a published guide."""
        return self.filter(published_question())

    def with_details(self) -> "QuestionQuerySet":
        """Everything a question card shows, in a fixed number of queries."""
        return self.select_related("role").prefetch_related(
            Prefetch("skills", queryset=Skill.objects.order_by("name")),
            Prefetch("tips", queryset=QuestionTip.objects.order_by("kind", "order", "pk")),
        )

    def with_key_points(self) -> "QuestionQuerySet":
        """The key points too, in one more query, for the pages that show them (question
        page, practice); guide and list pages leave them out."""
        return self.prefetch_related(Prefetch("key_points", queryset=KeyPoint.objects.order_by("order", "pk")))

    def in_guide_order(self) -> "QuestionQuerySet":
        """Guide by guide, then by number. The role's id breaks ties between guides of the
        same order, so a guide's questions stay together and the database can walk each
        guide's (role, is_published, number) index instead of sorting the catalogue."""
        return self.order_by("role__order", "role_id", "number")

    def search(self, query: str) -> "QuestionQuerySet":
        """Keep questions matching every word of ``query``, best matches first.

        A word in the question text weighs most, then the "why asked" text, then the
        answer body. On PostgreSQL this is its full-text search over ``QuestionSearch``
        (word forms match: "caching" finds "cache"), read through a GIN index; elsewhere
        (SQLite) a plain ``icontains`` per word, ranked by the same weights.
        """
        terms = [term for term in query.split() if term][:8]
        if not terms:
            return self
        if connections[self.db].vendor == "postgresql":
            return self._full_text_search(" ".join(terms))
        rank = models.Value(0)
        queryset = self
        for term in terms:
            queryset = queryset.filter(
                Q(text__icontains=term) | Q(why_asked_md__icontains=term) | Q(sample_answer_md__icontains=term)
            )
            rank = (
                rank
                + models.Case(models.When(text__icontains=term, then=100), default=0)
                + models.Case(models.When(why_asked_md__icontains=term, then=10), default=0)
                + models.Case(models.When(sample_answer_md__icontains=term, then=1), default=0)
            )
        return queryset.annotate(rank=rank).order_by("-rank", "role__order", "role_id", "number")

    def _full_text_search(self, query: str) -> "QuestionQuerySet":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            self.filter(search_row__vector=search_query)
            .annotate(rank=SearchRank(models.F("search_row__vector"), search_query))
            .order_by("-rank", "role__order", "role_id", "number")
        )


SEARCH_CONFIG = "english"  # the configuration migration 0005_question_search builds the vectors with
SEARCH_INDEX_NAME = "question_search_gin"


@reversion.register(follow=["tips", "key_points"])
class Question(models.Model):
    slug = models.SlugField(unique=True, help_text="Part of the public URL: keep it stable once published.")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField(help_text="Position in the guide, from 1.")
    text = models.TextField("question")
    category = models.CharField(max_length=20, choices=Category.choices)
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    why_asked_md = models.TextField("why interviewers ask this", help_text="Markdown.")
    sample_answer_md = models.TextField("sample answer", help_text="Markdown: what a strong candidate could say.")
    skills = models.ManyToManyField(Skill, blank=True, related_name="questions")
    companies = models.ManyToManyField(
        Company, blank=True, related_name="questions", help_text="Companies known to ask it."
    )
    is_published = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["role__order", "number"]
        constraints = [models.UniqueConstraint(fields=["role", "number"], name="question_number_unique_per_role")]
        # The list's filters; the full-text index (PostgreSQL only) is made by a migration.
        indexes = [
            models.Index(fields=["role", "is_published", "number"]),
            models.Index(fields=["category", "difficulty"], name="question_category_difficulty"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("questions:detail", args=[self.slug])

    def tips_of_kind(self, kind: str) -> list["QuestionTip"]:
        """Tips or mistakes, from the prefetch cache when ``with_details`` loaded them."""
        return [tip for tip in self.tips.all() if tip.kind == kind]

    @property
    def why_asked_lead(self) -> str:
        """The first paragraph of why_asked_md: what the guide shows; the page has it all."""
        return re.split(r"\n\s*\n", self.why_asked_md.strip(), maxsplit=1)[0]

    @property
    def pro_tips(self) -> list["QuestionTip"]:
        return self.tips_of_kind(QuestionTip.Kind.TIP)

    @property
    def mistakes(self) -> list["QuestionTip"]:
        return self.tips_of_kind(QuestionTip.Kind.MISTAKE)


class QuestionSearch(models.Model):
    """A question's weighted search vector, for PostgreSQL's full-text search.

    On PostgreSQL a trigger writes this row whenever a question's text, "why asked" or
    answer is saved (migration ``0005_question_search``, which also makes its GIN index),
    so every way of saving a question, bulk ones included, keeps it current and no
    Python code writes it. Stored apart from ``Question`` so that reading questions never
    carries the vector, and ranking reads it instead of parsing every match's text
    again. On SQLite the table stays empty: search there is a plain match.
    """

    question = models.OneToOneField(Question, on_delete=models.CASCADE, primary_key=True, related_name="search_row")
    vector = SearchVectorField()

    def __str__(self) -> str:
        return f"Search vector of question {self.question_id}"


@reversion.register()
class QuestionTip(models.Model):
    class Kind(models.TextChoices):
        TIP = "tip", "Pro tip"
        MISTAKE = "mistake", "Mistake to avoid"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tips")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["question", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    def history_line(self) -> str:
        """How the history comparison shows this row: whole, with its kind and place."""
        return f"{self.get_kind_display()} {self.order}: {self.text}"


@reversion.register()
class KeyPoint(models.Model):
    """An idea a strong answer covers, with the phrases that show an answer touched it.

    Phrases are stored one per line (as a pack writes them) and matched whole-word after
    normalising, by ``questions.keypoints.key_points_match``; a hint for the candidate,
    never a grade.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="key_points")
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=KEY_POINT_TEXT_MAX, help_text="The idea, e.g. 'estimates load first'.")
    phrases = models.TextField(
        help_text=f"One match phrase or synonym per line (1 to {MAX_PHRASES}, each at most {PHRASE_MAX} "
        "characters). Matching ignores case and punctuation and accepts plurals and -ing/-ed forms."
    )

    class Meta:
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def phrase_list(self) -> list[str]:
        return phrase_lines(self.phrases)

    def clean(self) -> None:
        problems = phrase_problems(self.phrase_list)
        if problems:
            raise ValidationError({"phrases": problems})

    def history_line(self) -> str:
        """How the history comparison shows this row: its place, idea and phrases."""
        return f"Key point {self.order}: {self.text} [{'; '.join(self.phrase_list)}]"


class GuideSection(models.Model):
    """Fields every guide section shares: which guide, and where in its list."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="%(class)ss")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["role", "order", "pk"]


@reversion.register()
class PrepTip(GuideSection):
    title = models.CharField(max_length=200)
    body_md = models.TextField("body", help_text="Markdown.")
    days_before_min = models.PositiveIntegerField(help_text="Start this many days before the interview at the latest.")
    days_before_max = models.PositiveIntegerField(help_text="…and no earlier than this many days before.")

    class Meta(GuideSection.Meta):
        verbose_name = "preparation tip"
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before_min__lte=models.F("days_before_max")), name="preptip_days_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def timing(self) -> str:
        low, high = self.days_before_min, self.days_before_max
        if high <= 1:
            return "The day before"
        if low % 7 == 0 and high % 7 == 0:
            weeks = f"{low // 7}" if low == high else f"{low // 7}–{high // 7}"
            return f"{weeks} week{'s' if high > 7 else ''} before"
        days = f"{low}" if low == high else f"{low}–{high}"
        return f"{days} days before"


@reversion.register()
class RedFlag(GuideSection):
    signal = models.CharField(max_length=300)
    why_md = models.TextField("why it matters", help_text="Markdown.")
    what_to_do_md = models.TextField("what to do", help_text="Markdown.")

    def __str__(self) -> str:
        return self.signal


@reversion.register()
class AskTheInterviewer(GuideSection):
    text = models.CharField("question", max_length=300)
    why = models.TextField("why ask it")
    good_sign = models.TextField("what a good answer sounds like")

    class Meta(GuideSection.Meta):
        verbose_name = "question to ask the interviewer"
        verbose_name_plural = "questions to ask the interviewer"

    def __str__(self) -> str:
        return self.text


@reversion.register()
class Insight(GuideSection):
    class SourceKind(models.TextChoices):
        HIRING_MANAGER = "hiring-manager", "Hiring manager"
        SUCCESSFUL_CANDIDATE = "successful-candidate", "Successful candidate"
        INDUSTRY_INSIDER = "industry-insider", "Industry insider"

    title = models.CharField(max_length=200)
    body_md = models.TextField("body", help_text="Markdown.")
    source_kind = models.CharField(max_length=30, choices=SourceKind.choices)
    how_to_apply = models.TextField()

    def __str__(self) -> str:
        return self.title


@reversion.register()
class Faq(GuideSection):
    question = models.CharField(max_length=300)
    answer_md = models.TextField("answer", help_text="Markdown.")

    class Meta(GuideSection.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self) -> str:
        return self.question


@reversion.register()
class Resource(GuideSection):
    class Kind(models.TextChoices):
        BOOK = "book", "Book"
        WEBSITE = "website", "Website"
        COURSE = "course", "Course"
        TOOL = "tool", "Tool"
        VIDEO = "video", "Video"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    url = models.URLField(max_length=500)
    is_free = models.BooleanField(default=False)
    blurb = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.name


@reversion.register()
class ChecklistItem(GuideSection):
    text = models.CharField(max_length=300)

    class Meta(GuideSection.Meta):
        verbose_name = "interview-day checklist item"

    def __str__(self) -> str:
        return self.text


EXPERIENCE_EARLIEST_YEAR = 2000
EXPERIENCE_TEXT_MAX = 5_000
REDACTION_MARK = "[redacted by a curator]"


def interviewed_error(month: int, year: int, *, today=None) -> str:
    """Why (month, year) cannot be when an interview took place, or "" if it can."""
    today = today or timezone.localdate()
    if not 1 <= month <= 12:
        return "Choose a month from January to December."
    if not EXPERIENCE_EARLIEST_YEAR <= year <= today.year:
        return f"Give a year from {EXPERIENCE_EARLIEST_YEAR} to {today.year}."
    if (year, month) > (today.year, today.month):
        return f"{calendar.month_name[month]} {year} is still to come: share an interview once it has happened."
    return ""


class ExperienceQuerySet(models.QuerySet):
    def approved(self) -> "ExperienceQuerySet":
        """What visitors may read: approved, in a published guide."""
        return self.filter(status=InterviewExperience.Status.APPROVED, role__is_published=True)

    def newest_first(self) -> "ExperienceQuerySet":
        """Dated reports by the month of the interview, newest first; undated (a guide's own) after them."""
        return self.order_by(
            models.F("year").desc(nulls_last=True), models.F("month").desc(nulls_last=True), "order", "-created_at"
        )

    def for_public_page(self) -> "ExperienceQuerySet":
        """Everything a public experience card shows, in a fixed number of queries: the
        rounds and the linked questions visitors can open (never a draft)."""
        return self.select_related("company", "role").prefetch_related(
            Prefetch("rounds", queryset=InterviewRound.objects.order_by("order", "pk")),
            Prefetch(
                "linked_questions",
                queryset=Question.objects.published().only("slug", "text", "role_id").order_by("role__order", "number"),
                to_attr="public_questions",
            ),
        )

    def contributions(self) -> "ExperienceQuerySet":
        """Reports candidates sent in (never the ones a guide ships with)."""
        return self.filter(is_contribution=True)


@reversion.register(follow=["rounds"])
class InterviewExperience(models.Model):
    """What happened in one real interview: from a guide's author or a candidate.

    A candidate's report (``is_contribution``) waits as pending until a curator approves
    or rejects it (``questions.services.experiences``). Its text is the author's: a
    curator never edits it, only replaces a span with :data:`REDACTION_MARK`
    (``redacted_at`` says when), so the page can say it was redacted.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn by the author"

    class Outcome(models.TextChoices):
        OFFER = "offer", "Offer"
        NO_OFFER = "no-offer", "No offer"
        WITHDREW = "withdrew", "Withdrew"
        PENDING = "pending", "Waiting to hear"

    class RejectReason(models.TextChoices):
        PERSONAL_DATA = "personal-data", "It names or identifies people"
        CONFIDENTIAL = "confidential", "It reveals confidential material (e.g. a take-home under NDA)"
        NOT_AN_INTERVIEW = "not-an-interview", "It is not an account of an interview"
        DUPLICATE = "duplicate", "It repeats a report already sent"
        ABUSIVE = "abusive", "It is abusive or offensive"
        SPAM = "spam", "It advertises something"
        OTHER = "other", "Another reason (see the note)"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="experiences")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="experiences")
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Month of the interview.",
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(EXPERIENCE_EARLIEST_YEAR)],
        help_text="Year of the interview.",
    )
    difficulty = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (easy) to 5 (hard).",
    )
    summary_md = models.TextField("what happened", help_text="Markdown.")
    questions_asked = models.TextField(blank=True, help_text="One question per line.")
    linked_questions = models.ManyToManyField(
        Question, blank=True, related_name="reported_in", help_text="Questions of the catalogue the author was asked."
    )
    suggested_questions = models.ManyToManyField(
        Question,
        blank=True,
        related_name="suggested_by",
        help_text="Draft questions made from questions the author typed in, for curators to write up.",
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    takeaway = models.TextField(blank=True)
    tip = models.TextField(blank=True)
    is_contribution = models.BooleanField(
        default=False, editable=False, help_text="Sent in by a candidate (a pack import never touches these)."
    )
    submitted_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interview_experiences",
        help_text="Empty for experiences that ship with a guide, and once the author deletes their account.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    moderation_note = models.TextField(blank=True, help_text="Shown to the author with the decision.")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    redacted_at = models.DateTimeField(null=True, blank=True, editable=False)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExperienceQuerySet.as_manager()

    #: The author's text: a curator may redact a span of these, never rewrite them.
    AUTHOR_TEXT_FIELDS = ("summary_md", "questions_asked", "takeaway", "tip")

    class Meta:
        ordering = ["order", "-created_at"]
        indexes = [models.Index(fields=["status", "company"]), models.Index(fields=["status", "role"])]

    def __str__(self) -> str:
        return f"{self.company} – {self.role}"

    @property
    def questions_asked_list(self) -> list[str]:
        return [line.strip() for line in self.questions_asked.splitlines() if line.strip()]

    @property
    def interviewed(self) -> str:
        """ "March 2025", or "" for a report without a date."""
        if self.month and self.year:
            return f"{calendar.month_name[self.month]} {self.year}"
        return ""


@reversion.register()
class InterviewRound(models.Model):
    """One round of a reported interview: its kind and what happened in it."""

    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone-screen", "Phone screen"
        CODING = "coding", "Coding"
        SYSTEM_DESIGN = "system-design", "System design"
        BEHAVIORAL = "behavioral", "Behavioral"
        OTHER = "other", "Other"

    experience = models.ForeignKey(InterviewExperience, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description_md = models.TextField("what happened", help_text="Markdown.")

    class Meta:
        ordering = ["experience", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} round"
