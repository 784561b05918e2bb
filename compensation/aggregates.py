"""The one selector for every public figure made from candidates' salary reports.

Pages, the CSV downloads and any later API call :func:`community_pay`, so each privacy
rule below is written once. It reads approved reports only and publishes, per role,
two families of cohorts, each in one currency (nothing is converted):

- **level**: the role at one experience level, across all companies;
- **company**: the role at one company, across levels ("other" is no company).

The rules, in the order they are applied:

1. **One report per person.** A cohort counts each author once (their first approved
   report in it), so five reports are five people; reports whose author deleted their
   account count singly.
2. **Fixed steps of five.** A cohort publishes its first ``5 × ⌊n / 5⌋`` reports in the
   order they were approved, and nothing below five: ``n`` is always 5, 10, 15, … and a
   published cohort changes only when five more reports have come in. Two published
   figures, on one day or on two days, therefore never differ by one to four reports
   when one cohort holds the other: adding a report to a cohort of 5 leaves every
   figure exactly as it was until the tenth.
3. **No dominant company.** A level figure where one company makes up more than 25 %
   of the reports is not shown.
4. **No near twins.** Of any two cohorts whose report sets differ by one to four
   reports (symmetric difference), only the larger is shown; the smaller is withheld.
   Candidates are taken largest first, so the figures shown differ pairwise by none or
   by five or more reports (see :func:`without_near_twins` for why today's families
   never trip it).
5. **No extremes.** Percentiles are by *nearest rank* (the smallest value with at least
   p % of the cohort at or below it, rank ⌈p·n/100⌉), with the rank kept inside
   2…n−1, so no figure is ever the lowest or the highest report. p25, median and p75
   from 5 reports, p10 and p90 from 10. Each is rounded to three significant figures.
6. Every figure carries its ``n`` and a confidence label: low (5–14), medium (15–49),
   high (50+).

Cohorts that are not shown say why (``Withheld``), with the reports still needed when
there are too few, so a page can say "not enough data yet" instead of a 0 or an empty bar.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from compensation.models import Level, SalaryReport

STEP = 5  # the smallest cohort shown, and the size of every step a cohort grows by
TAILS_FROM = 10  # p10 and p90 from this many reports
DOMINANT_SHARE = 0.25  # a level figure is withheld when one company has more than this share
LEVEL, COMPANY = "level", "company"


def confidence(n: int) -> str:
    if n >= 50:
        return "high"
    if n >= 15:
        return "medium"
    return "low"


def nearest_rank(values: list[int], percent: int) -> int:
    """Nearest-rank percentile of sorted ``values``, never rank 1 or rank n."""
    count = len(values)
    rank = -(-percent * count // 100)  # ceil without floats
    return values[min(max(rank, 2), count - 1) - 1]


def three_figures(value: int) -> int:
    """``value`` rounded to three significant figures: 123,456 -> 123,000."""
    step = 10 ** max(len(str(value)) - 3, 0)
    return (value + step // 2) // step * step


@dataclass(frozen=True)
class Spread:
    """Percentiles of one amount; ``p10`` and ``p90`` are None below ``TAILS_FROM`` reports."""

    p25: int
    median: int
    p75: int
    p10: int | None = None
    p90: int | None = None

    @classmethod
    def of(cls, amounts: list[int]) -> Spread:
        values = sorted(amounts)
        at = {percent: three_figures(nearest_rank(values, percent)) for percent in (10, 25, 50, 75, 90)}
        tails = len(values) >= TAILS_FROM
        return cls(p25=at[25], median=at[50], p75=at[75], p10=at[10] if tails else None, p90=at[90] if tails else None)


@dataclass(frozen=True)
class CohortKey:
    kind: str  # LEVEL or COMPANY
    role_id: int
    currency: str
    level: str = ""  # for LEVEL
    company_id: int | None = None  # for COMPANY

    @property
    def sort_key(self) -> tuple:
        return (self.kind != LEVEL, self.level, self.company_id or 0, self.currency)


@dataclass(frozen=True)
class Figure:
    """One published cohort: base salary and total pay (base + bonus + equity) per year."""

    key: CohortKey
    label: str  # the level's name, or the company's
    n: int
    base: Spread
    total: Spread
    year_from: int
    year_to: int
    report_ids: frozenset[int] = field(repr=False, compare=False)
    shown: ClassVar[bool] = True

    @property
    def confidence(self) -> str:
        return confidence(self.n)

    @property
    def currency(self) -> str:
        return self.key.currency


@dataclass(frozen=True)
class Withheld:
    """A cohort with reports that is not shown, and why."""

    key: CohortKey
    label: str
    reason: str  # "few", "dominant" or "overlap"
    needed: int = 0  # more approved reports needed, for "few"
    shown: ClassVar[bool] = False

    @property
    def message(self) -> str:
        if self.reason == "few":
            return f"Not enough data yet: {self.needed} more approved report{'s' if self.needed != 1 else ''} needed."
        if self.reason == "dominant":
            return "Not shown: more than a quarter of these reports come from one company."
        return "Not shown: it is too close to another figure to keep the people behind them anonymous."


@dataclass
class LevelRow:
    level: str
    label: str
    figure: Figure | None
    note: str


@dataclass
class LevelTable:
    currency: str
    rows: list[LevelRow]


@dataclass
class CommunityPay:
    """Every figure the site publishes from reports of the given roles, and what it withholds."""

    figures: list[Figure]
    withheld: list[Withheld]
    role_names: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> (title, slug)

    def level_tables(self, role_id: int) -> list[LevelTable]:
        """One table per currency that has reports for the role: a row per level, a figure or a note."""
        shown = {
            (f.key.currency, f.key.level): f for f in self.figures if f.key.kind == LEVEL and f.key.role_id == role_id
        }
        held = {
            (w.key.currency, w.key.level): w for w in self.withheld if w.key.kind == LEVEL and w.key.role_id == role_id
        }
        currencies = sorted({currency for currency, _ in [*shown, *held]}, key=lambda c: (c != "USD", c))
        tables = []
        for currency in currencies:
            rows = []
            for level, label in Level.choices:
                figure = shown.get((currency, level))
                withheld = held.get((currency, level))
                note = (
                    withheld.message
                    if withheld
                    else Withheld(CohortKey(LEVEL, role_id, currency, level), label, "few", STEP).message
                )
                rows.append(LevelRow(level, label, figure, "" if figure else note))
            tables.append(LevelTable(currency, rows))
        return tables

    def role_figures(self, role_id: int) -> list[Figure]:
        """Every published figure of the role: by level, then by company (the CSV and the API)."""
        levels = [f for f in self.figures if f.key.kind == LEVEL and f.key.role_id == role_id]
        return levels + self.company_figures(role_id)

    def company_figures(self, role_id: int) -> list[Figure]:
        """The role's published company figures, highest median total first."""
        rows = [f for f in self.figures if f.key.kind == COMPANY and f.key.role_id == role_id]
        return sorted(rows, key=lambda f: (f.currency != "USD", f.currency, -f.total.median, f.label))

    def for_company(self, company_id: int) -> list[tuple[str, str, Figure | Withheld]]:
        """A company's cohorts, one per role and currency, as (role title, role slug, the
        figure or why it is not shown)."""
        rows = [
            (*self.role_names[item.key.role_id], item)
            for item in [*self.figures, *self.withheld]
            if item.key.kind == COMPANY and item.key.company_id == company_id
        ]
        return sorted(rows, key=lambda row: (row[0], row[2].key.currency != "USD", row[2].key.currency))


def _cohorts(reports: list[dict]) -> tuple[dict[CohortKey, list[dict]], dict[CohortKey, str]]:
    """Reports of each cohort in approval order, one per author; and each cohort's label."""
    members: dict[CohortKey, list[dict]] = defaultdict(list)
    authors: dict[CohortKey, set[int]] = defaultdict(set)
    labels: dict[CohortKey, str] = {}
    level_names = dict(Level.choices)
    for report in reports:
        keys = [CohortKey(LEVEL, report["role_id"], report["currency"], level=report["level"])]
        labels[keys[0]] = level_names.get(report["level"], report["level"])
        if report["company_id"] is not None:
            keys.append(CohortKey(COMPANY, report["role_id"], report["currency"], company_id=report["company_id"]))
            labels[keys[1]] = report["company__name"]
        for key in keys:
            author = report["user_id"]
            if author is not None and author in authors[key]:
                continue
            if author is not None:
                authors[key].add(author)
            members[key].append(report)
    return members, labels


def _dominated(used: list[dict]) -> bool:
    companies = Counter(report["company_id"] for report in used if report["company_id"] is not None)
    return bool(companies) and max(companies.values()) > DOMINANT_SHARE * len(used)


#: The columns of a report the rules read, in the selector's one query.
REPORT_VALUES = (
    "pk", "user_id", "role_id", "role__title", "role__slug", "level", "company_id", "company__name",
    "currency", "base", "bonus", "equity", "year",
)  # fmt: skip


def community_pay(roles) -> CommunityPay:
    """Every public figure from approved reports of ``roles`` (published roles: the caller's job).

    One query, whatever the number of reports; a role's figures depend only on that
    role's reports, so a page that asks for one role gets the same figures as one that
    asks for many.
    """
    reports = SalaryReport.objects.approved().filter(role__in=roles).order_by("reviewed_at", "pk")
    return figures_from(list(reports.values(*REPORT_VALUES)))


def without_near_twins(candidates: list[tuple[CohortKey, frozenset[int]]]) -> tuple[list[CohortKey], list[CohortKey]]:
    """Rule 4: (shown, withheld) so that shown cohorts differ pairwise by 0 or ≥ ``STEP`` reports.

    With today's two families rules 2 and 3 already imply it: a shown level cohort L has
    at most a quarter of its reports from any one company, so for that company's cohort C,
    |L △ C| = |L| + |C| − 2·|L ∩ C| ≥ ½·|L| + |C| ≥ 7.5; cohorts of one family are
    disjoint. This guard keeps the promise when another family (per country, per year)
    is added, and is tested on its own.
    """
    ordered = sorted(candidates, key=lambda item: (-len(item[1]), item[0].sort_key))
    shown: list[tuple[CohortKey, frozenset[int]]] = []
    withheld: list[CohortKey] = []
    for key, ids in ordered:
        if any(0 < len(ids ^ other) < STEP for _, other in shown):
            withheld.append(key)
        else:
            shown.append((key, ids))
    return [key for key, _ in shown], withheld


def figures_from(reports: list[dict]) -> CommunityPay:
    """The rules on approved reports in approval order (``REPORT_VALUES`` of each); no queries."""
    members, labels = _cohorts(reports)
    withheld: list[Withheld] = []
    candidates: dict[CohortKey, list[dict]] = {}
    for key, cohort in members.items():
        used = cohort[: len(cohort) // STEP * STEP]
        if not used:
            withheld.append(Withheld(key, labels[key], "few", needed=STEP - len(cohort)))
        elif key.kind == LEVEL and _dominated(used):
            withheld.append(Withheld(key, labels[key], "dominant"))
        else:
            candidates[key] = used
    report_ids = {key: frozenset(report["pk"] for report in used) for key, used in candidates.items()}
    shown, twins = without_near_twins(list(report_ids.items()))
    withheld += [Withheld(key, labels[key], "overlap") for key in twins]
    figures = []
    for key in shown:
        used = candidates[key]
        figures.append(
            Figure(
                key=key,
                label=labels[key],
                n=len(used),
                base=Spread.of([report["base"] for report in used]),
                total=Spread.of([report["base"] + report["bonus"] + report["equity"] for report in used]),
                year_from=min(report["year"] for report in used),
                year_to=max(report["year"] for report in used),
                report_ids=report_ids[key],
            )
        )
    figures.sort(key=lambda figure: figure.key.sort_key)
    role_names = {report["role_id"]: (report["role__title"], report["role__slug"]) for report in reports}
    return CommunityPay(figures=figures, withheld=withheld, role_names=role_names)
