"""Table 三 from the applications: every outcome leaf in its row and column, the groups' and the
total's sums, carry-over across years, forwarded applications counted once where decided, data
created newest-first, and one query whatever the number of units."""

from datetime import date

import pytest

from annualreports.layout import APPLICANT_COLUMNS, OUTCOME_ROWS
from annualreports.printing import application_rows
from annualreports.tables import applications_by_unit, invariant_errors
from disclosure.models import ApplicantKind, Application
from disclosure.outcomes import LEAVES, group_of

from .factories import application

pytestmark = pytest.mark.django_db
KINDS = ApplicantKind.values


def table(profile, year=2025):
    return applications_by_unit([profile.pk], year)[profile.pk]


def test_every_outcome_leaf_lands_in_its_row_and_its_column(sites):
    jixian = sites["jixian"].profile
    built = []
    for n, leaf in enumerate(reversed(LEAVES)):  # newest first
        for k, kind in enumerate(KINDS):
            # leaf number n, kind number k: n + k + 1 applications, so that every cell differs
            for _ in range(n + k + 1):
                built.append(
                    application(
                        jixian, received=date(2025, 3, 1), closed=date(2025, 4, 1), outcome=leaf, kind=kind, save=False
                    )
                )
    Application.objects.bulk_create(built)

    figures = table(jixian)

    for n, leaf in enumerate(reversed(LEAVES)):
        assert [figures[leaf][kind] for kind in KINDS] == [n + k + 1 for k in range(len(KINDS))], leaf
        assert figures[leaf]["total"] == sum(n + k + 1 for k in range(len(KINDS)))
    for code, _label, _level in OUTCOME_ROWS:
        if code != "closed" and "." not in code:
            leaves = [leaf for leaf in LEAVES if group_of(leaf) == code]
            assert figures[code] == {c: sum(figures[leaf][c] for leaf in leaves) for c in APPLICANT_COLUMNS}
    assert figures["closed"]["total"] == len(built) == figures["new"]["total"]
    assert figures["forward"]["total"] == figures["carried"]["total"] == 0
    assert invariant_errors(figures) == []
    # Printed in the national order: every leaf has its own row, the groups none of their own.
    printed = [row["code"] for row in application_rows(figures)]
    assert printed == ["new", "carried", "disclose", "partial", *LEAVES[2:], "closed", "forward"]
    assert [row["cells"] for row in application_rows(figures) if row["code"] == LEAVES[5]] == [
        [figures[LEAVES[5]][c] for c in APPLICANT_COLUMNS]
    ]


def test_carry_over_from_one_year_to_the_next(sites):
    jixian = sites["jixian"].profile
    # Newest first.
    application(jixian, received=date(2025, 12, 31), kind="business")  # open at the end of 2025
    application(jixian, received=date(2025, 12, 20), closed=date(2026, 1, 8), outcome="disclose", kind="legal")
    application(jixian, received=date(2024, 12, 30), closed=date(2025, 1, 10), outcome="partial")
    application(jixian, received=date(2024, 12, 1), closed=date(2024, 12, 31), outcome="disclose")  # closed in time
    application(jixian, received=date(2024, 6, 1))  # still open after two years
    application(jixian, received=None)  # submitted, never received: counted nowhere

    y2024, y2025, y2026 = (table(jixian, year) for year in (2024, 2025, 2026))

    assert (y2024["new"]["total"], y2024["closed"]["total"], y2024["forward"]["total"]) == (3, 1, 2)
    assert y2025["carried"] == {**dict.fromkeys(APPLICANT_COLUMNS, 0), "person": 2, "total": 2}
    assert y2025["new"]["business"] == y2025["new"]["legal"] == 1
    assert y2025["partial"]["person"] == 1 and y2025["closed"]["total"] == 1
    assert y2025["forward"] == {
        **dict.fromkeys(APPLICANT_COLUMNS, 0),
        "person": 1,
        "business": 1,
        "legal": 1,
        "total": 3,
    }
    assert y2026["carried"]["total"] == 3 and y2026["disclose"]["legal"] == 1 and y2026["forward"]["total"] == 2
    for figures in (y2024, y2025, y2026):
        assert invariant_errors(figures) == []


def test_a_forwarded_application_counts_once_with_the_unit_that_decided_it(sites):
    portal, jixian, fuli = (sites[key].profile for key in ("portal", "jixian", "fuli"))
    application(
        portal, handler=fuli, received=date(2025, 5, 1), closed=date(2025, 5, 20), outcome="unavailable.not_held"
    )

    figures = applications_by_unit([portal.pk, jixian.pk, fuli.pk], 2025)

    assert figures[fuli.pk]["unavailable.not_held"]["person"] == 1
    assert figures[fuli.pk]["new"]["total"] == 1
    assert figures[portal.pk]["new"]["total"] == figures[jixian.pk]["new"]["total"] == 0


def test_one_query_whatever_the_number_of_units(sites, django_assert_num_queries):
    profiles = [site.profile for site in sites.values()]
    ids = [profile.pk for profile in profiles]
    for profile in profiles:
        application(profile, received=date(2025, 2, 1), closed=date(2025, 3, 1), outcome="disclose")
    with django_assert_num_queries(1):
        applications_by_unit(ids[:1], 2025)
    with django_assert_num_queries(1):
        applications_by_unit(ids, 2025)
