"""The privacy rules of community figures, each at its boundary, and the differencing guarantee.

Most tests build approved reports in the database and read ``community_pay``, the one
selector every page and CSV uses; the property tests feed ``figures_from`` (the same
rules without the query) random report sets.
"""

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compensation.aggregates import (
    COMPANY,
    LEVEL,
    STEP,
    CohortKey,
    community_pay,
    confidence,
    figures_from,
    nearest_rank,
    three_figures,
    without_near_twins,
)
from compensation.tests.factories import make_author, make_company, make_report
from questions.tests.factories import make_role

pytestmark = pytest.mark.django_db


def level_figure(role, level="mid", currency="USD"):
    found = [f for f in community_pay([role]).figures if f.key == CohortKey(LEVEL, role.pk, currency, level=level)]
    return found[0] if found else None


def reports_at_distinct_companies(role, count, *, level="mid", base=100_000, **overrides):
    return [
        make_report(role=role, level=level, company=make_company(), base=base + number * 1_000, **overrides)
        for number in range(count)
    ]


def test_four_reports_show_nothing_and_say_how_many_more_are_needed(db):
    role = make_role()
    reports_at_distinct_companies(role, 4)
    assert level_figure(role) is None
    [table] = community_pay([role]).level_tables(role.pk)
    mid = next(row for row in table.rows if row.level == "mid")
    assert mid.figure is None
    assert mid.note == "Not enough data yet: 1 more approved report needed."
    entry = next(row for row in table.rows if row.level == "entry")
    assert entry.note == "Not enough data yet: 5 more approved reports needed."


def test_five_reports_show_quartiles_and_median_but_no_tails(db):
    role = make_role()
    reports_at_distinct_companies(role, 5)  # bases 100k, 101k, 102k, 103k, 104k
    figure = level_figure(role)
    assert figure.n == 5 and figure.confidence == "low"
    assert (figure.base.p25, figure.base.median, figure.base.p75) == (101_000, 102_000, 103_000)
    assert figure.base.p10 is None and figure.base.p90 is None
    assert figure.total.median == 102_000 + 30_000  # bonus and equity of the factory


def test_nine_reports_still_count_as_five_and_ten_show_the_tails(db):
    role = make_role()
    reports_at_distinct_companies(role, 9)
    figure = level_figure(role)
    assert figure.n == 5  # the first five approved: a figure moves in steps of five
    assert figure.base.p10 is None
    reports_at_distinct_companies(role, 1, base=200_000)
    figure = level_figure(role)
    assert figure.n == 10
    assert figure.base.p10 == 101_000  # rank 1 would be the minimum: the second value instead
    assert figure.base.p90 == 108_000  # rank 9 of 10, never the maximum (200k)


@pytest.mark.parametrize(("n", "label"), [(5, "low"), (14, "low"), (15, "medium"), (49, "medium"), (50, "high")])
def test_confidence_labels_at_their_boundaries(n, label):
    assert confidence(n) == label


def test_a_figure_of_fifty_reports_says_high(db):
    role = make_role()
    reports_at_distinct_companies(role, 50)
    assert level_figure(role).confidence == "high"


def test_no_figure_is_ever_the_minimum_or_the_maximum(db):
    role = make_role()
    reports = reports_at_distinct_companies(role, 10, base=300_000)
    figure = level_figure(role)
    bases = sorted(report.base for report in reports)
    shown = {figure.base.p10, figure.base.p25, figure.base.median, figure.base.p75, figure.base.p90}
    assert bases[0] not in shown and bases[-1] not in shown


def test_nearest_rank_definition():
    values = [10, 20, 30, 40, 50]
    assert [nearest_rank(values, p) for p in (25, 50, 75)] == [20, 30, 40]
    ten = list(range(1, 11))
    assert [nearest_rank(ten, p) for p in (10, 25, 50, 75, 90)] == [2, 3, 5, 8, 9]


def test_figures_are_rounded_to_three_significant_figures():
    assert three_figures(123_456) == 123_000
    assert three_figures(98_765) == 98_800
    assert three_figures(4_567_891) == 4_570_000
    assert three_figures(512) == 512


@pytest.mark.parametrize(("from_one_company", "shown"), [(5, True), (6, False)])
def test_a_company_with_more_than_a_quarter_of_a_level_hides_the_level(db, from_one_company, shown):
    role = make_role()
    big = make_company("Big")
    for number in range(from_one_company):
        make_report(role=role, company=big, base=150_000 + number * 1_000)
    reports_at_distinct_companies(role, 20 - from_one_company)
    community = community_pay([role])
    assert (level_figure(role) is not None) is shown  # 5 of 20 is 25 %, 6 of 20 is 30 %
    if not shown:
        [held] = [w for w in community.withheld if w.key.kind == LEVEL]
        assert held.message == "Not shown: more than a quarter of these reports come from one company."
    # The company's own figure is not a cross-company one: it shows either way.
    assert any(f.key.kind == COMPANY and f.label == "Big" for f in community.figures)


def test_reports_from_another_company_without_a_name_are_not_one_company(db):
    role = make_role()
    for number in range(5):
        make_report(role=role, company=None, base=100_000 + number * 1_000)
    assert level_figure(role).n == 5


def test_only_approved_reports_count(db):
    role = make_role()
    reports_at_distinct_companies(role, 4)
    make_report(role=role, company=make_company(), status="pending")
    make_report(role=role, company=make_company(), status="rejected")
    assert level_figure(role) is None


def test_one_person_counts_once_in_a_cohort(db):
    role = make_role()
    author = make_author()
    for year in range(2022, 2027):
        make_report(role=role, user=author, company=make_company(), year=year)
    assert level_figure(role) is None  # five reports, one person
    assert community_pay([role]).withheld[0].needed == 4


def test_currencies_are_never_mixed(db):
    role = make_role()
    reports_at_distinct_companies(role, 3)
    reports_at_distinct_companies(role, 2, currency="EUR", base=60_000)
    assert community_pay([role]).figures == []
    tables = community_pay([role]).level_tables(role.pk)
    assert [table.currency for table in tables] == ["USD", "EUR"]


# --- Differencing -----------------------------------------------------------------------


def every_public_figure(role) -> dict:
    """Everything a visitor can read: each figure's cohort, n and numbers (and the report set behind it)."""
    return {
        figure.key: (figure.n, figure.base, figure.total, figure.year_from, figure.year_to, figure.report_ids)
        for figure in community_pay([role]).figures
    }


def assert_no_two_figures_differ_by_one_to_four(figures):
    for (_, first), (_, second) in combinations(figures, 2):
        assert len(first[-1] ^ second[-1]) == 0 or len(first[-1] ^ second[-1]) >= STEP


def test_adding_one_report_to_a_cohort_of_five_cannot_be_read_off_any_two_figures(db):
    """Senior at five companies, and one company with five reports of its own across levels.

    The sixth senior report (at that company) would be read off "Senior at all companies"
    against itself a day earlier, or against the company's figure, if either moved by one.
    Every figure published before and after is compared with every other.
    """
    role = make_role()
    acme = make_company("Acme")
    make_report(role=role, level="senior", company=acme, base=180_000)
    for number in range(4):
        make_report(role=role, level="senior", company=make_company(), base=170_000 + number * 2_000)
    for number in range(4):
        make_report(role=role, level="mid", company=acme, base=130_000 + number * 2_000)
    before = every_public_figure(role)
    assert {key.kind for key in before} == {LEVEL, COMPANY}  # senior across companies, and Acme

    added = make_report(role=role, level="senior", company=acme, base=400_000)
    after = every_public_figure(role)

    assert after == before  # nothing a visitor can see has moved
    assert all(added.pk not in figure[-1] for figure in after.values())
    assert_no_two_figures_differ_by_one_to_four([*before.items(), *after.items()])


def test_a_cohort_moves_only_when_five_more_reports_came_in(db):
    role = make_role()
    reports_at_distinct_companies(role, 5)
    seen = [every_public_figure(role)]
    for number in range(5):
        reports_at_distinct_companies(role, 1, base=500_000 + number)
        seen.append(every_public_figure(role))
    assert seen[0] == seen[1] == seen[2] == seen[3] == seen[4]
    assert seen[5] != seen[4]
    [(_, grown)] = seen[5].items()
    [(_, first)] = seen[0].items()
    assert len(grown[-1] ^ first[-1]) == STEP


def test_near_twins_keep_only_the_larger():
    def key(number):
        return CohortKey(COMPANY, 1, "USD", company_id=number)

    big = frozenset(range(10))
    twin = frozenset(range(9))  # one report fewer
    far = frozenset(range(100, 105))
    same = frozenset(range(10))
    shown, withheld = without_near_twins([(key(2), twin), (key(1), big), (key(3), far), (key(4), same)])
    assert shown == [key(1), key(4), key(3)] and withheld == [key(2)]


report_rows = st.lists(
    st.fixed_dictionaries(
        {
            "user_id": st.one_of(st.none(), st.integers(1, 6)),
            "level": st.sampled_from(["entry", "mid", "senior", "staff"]),
            "company_id": st.one_of(st.none(), st.integers(1, 4)),
            "currency": st.sampled_from(["USD", "EUR"]),
            "base": st.integers(20_000, 900_000),
            "bonus": st.integers(0, 50_000),
            "equity": st.integers(0, 100_000),
            "year": st.integers(2021, 2026),
        }
    ),
    max_size=60,
)


def as_reports(rows):
    return [
        {
            **row,
            "pk": pk,
            "role_id": 1,
            "role__title": "R",
            "role__slug": "r",
            "company__name": f"C{row['company_id']}",
        }  # fmt: skip
        for pk, row in enumerate(rows, start=1)
    ]


@settings(max_examples=200, deadline=None)
@given(rows=report_rows, extra=report_rows.filter(bool).map(lambda rows: rows[0]))
def test_no_report_can_be_read_off_any_two_figures_before_and_after_it(rows, extra):
    """For any approved reports and one more approved after them, any two figures of the two
    days together have report sets that are the same or differ by five reports or more."""
    before = figures_from(as_reports(rows)).figures
    after = figures_from(as_reports([*rows, extra])).figures
    for figure in [*before, *after]:
        assert figure.n % STEP == 0 and figure.n >= STEP
    for first, second in combinations([*before, *after], 2):
        difference = len(first.report_ids ^ second.report_ids)
        assert difference == 0 or difference >= STEP
