"""Table 二 from the documents themselves: 规章 and 行政规范性文件 issued, repealed and in force in a
year, the unit's own pages only; the repeal date a repealed document must carry."""

from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from annualreports.tables import documents_by_unit
from content.models import GovDocumentPage
from sites.models import SiteProfile

from .factories import column_of, document

pytestmark = pytest.mark.django_db


def test_issued_repealed_and_in_force_at_the_end_of_the_year(sites):
    jixian = sites["jixian"].profile
    normative = column_of(jixian, "normative-documents")
    # Newest first: the later documents take earlier tree positions.
    document(normative, published=date(2026, 1, 5))  # next year: nothing in 2025
    document(
        normative, published=date(2024, 3, 1), validity="repealed", changed=date(2026, 2, 1)
    )  # in force at 2025's end
    document(normative, published=date(2024, 5, 1), validity="invalid", changed=date(2025, 6, 1))  # invalidated in 2025
    document(normative, published=date(2025, 12, 31))  # issued on the last day
    document(normative, published=date(2025, 1, 1), validity="repealed", changed=date(2025, 11, 1))  # both
    document(normative, published=date(2025, 4, 1), kind="other")  # not counted
    document(normative, published=date(2023, 4, 1), kind="rule", doc_number="双鸭山市人民政府令第5号")
    draft = document(normative, published=date(2025, 4, 1))
    draft.unpublish()

    figures = documents_by_unit([jixian], 2025)[jixian.pk]

    assert figures["normative"] == {"issued": 2, "repealed": 2, "in_force": 2}
    assert figures["rule"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert documents_by_unit([jixian], 2024)[jixian.pk]["normative"] == {"issued": 2, "repealed": 0, "in_force": 2}


def test_a_unit_counts_its_own_documents_not_those_of_its_townships(sites):
    jixian, fuli, youyi = (sites[key].profile for key in ("jixian", "fuli", "youyi"))
    document(column_of(fuli, "documents"), published=date(2025, 2, 1))
    document(column_of(youyi, "normative-documents"), published=date(2025, 2, 1))
    document(column_of(jixian, "normative-documents"), published=date(2025, 2, 1))

    figures = documents_by_unit([jixian, fuli, youyi], 2025)

    assert [figures[p.pk]["normative"]["issued"] for p in (jixian, fuli, youyi)] == [1, 1, 1]
    assert documents_by_unit([jixian], 2025)[jixian.pk]["normative"]["issued"] == 1


def test_the_query_count_does_not_grow_with_the_units(sites, django_assert_num_queries):
    profiles = list(SiteProfile.objects.select_related("root_page"))
    with django_assert_num_queries(2):
        documents_by_unit(profiles[:1], 2025)
    with django_assert_num_queries(2):
        documents_by_unit(profiles, 2025)


def test_a_repealed_document_needs_its_repeal_date(sites):
    column = column_of(sites["jixian"].profile, "normative-documents")
    page = document(column, published=date(2025, 2, 1))
    page.validity = GovDocumentPage.Validity.REPEALED
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "请填写失效或废止日期" in str(refused.value)
    page.validity_changed_on = date(2025, 1, 1)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "不能早于发布日期" in str(refused.value)
    page.validity_changed_on = date(2025, 9, 1)
    page.full_clean()
    page.validity = GovDocumentPage.Validity.VALID
    page.full_clean()
    assert page.validity_changed_on is None  # a valid document carries no repeal date


def test_the_migration_derives_the_kind_from_the_column_and_the_order_number(sites):
    derive = __import__("content.migrations.0005_govdocument_kind_validity_date", fromlist=["derive_kinds"])
    jixian = sites["jixian"].profile
    in_normative = document(column_of(jixian, "normative-documents"), published=date(2025, 2, 1), kind="other")
    order = document(
        column_of(jixian, "government-documents"),
        published=date(2025, 2, 1),
        kind="other",
        doc_number="集贤县政府令第1号",
    )
    plain = document(column_of(jixian, "government-documents"), published=date(2025, 2, 1), kind="other")

    derive.derive_kinds(apps, None)

    kinds = dict(
        GovDocumentPage.objects.filter(pk__in=[in_normative.pk, order.pk, plain.pk]).values_list("pk", "document_kind")
    )
    assert kinds == {in_normative.pk: "normative", order.pk: "rule", plain.pk: "other"}
