"""The report's tables laid out as the national format prints them: the label cells of each row
with their row and column spans, then the figures. Used by the published page and by the admin's
live preview, so both show exactly the same table."""

from decimal import Decimal

from disclosure.outcomes import OUTCOMES

from . import layout


def label(text, rowspan=1, colspan=1):
    return {"text": text, "rowspan": rowspan, "colspan": colspan}


def fees_text(value):
    """万元 without trailing zeros: 0, 12.5, 0.0350."""
    amount = Decimal(str(value or 0))
    text = format(amount.normalize(), "f") if amount else "0"
    return text


def application_rows(applications):
    """[{labels, cells}] for 表三 in the national layout (the groups' labels span their reasons)."""
    rows = []

    def add(code, labels):
        cells = [applications[code][column] for column in layout.APPLICANT_COLUMNS]
        rows.append({"code": code, "labels": labels, "cells": cells})

    add("new", [label(layout.ROW_LABELS["new"], colspan=3)])
    add("carried", [label(layout.ROW_LABELS["carried"], colspan=3)])
    result_rows = sum(len(o.leaves) or 1 for o in OUTCOMES) + 1
    first = [label(layout.ROW_LABELS["results"], rowspan=result_rows)]
    for n, outcome in enumerate(OUTCOMES):
        heading = f"（{layout.CHINESE_ORDINALS[n]}）{outcome.label}"
        if outcome.code == "partial":
            heading += "（区分处理的，只计这一情形，不计其他情形）"
        if not outcome.leaves:
            add(outcome.code, [*first, label(heading, colspan=2)])
            first = []
            continue
        for i, (code, text) in enumerate(outcome.leaves, start=1):
            group = [label(heading, rowspan=len(outcome.leaves))] if i == 1 else []
            add(f"{outcome.code}.{code}", [*first, *group, label(f"{i}．{text}")])
            first = []
    add("closed", [label(f"（{layout.CHINESE_ORDINALS[len(OUTCOMES)]}）总计", colspan=2)])
    add("forward", [label(layout.ROW_LABELS["forward"], colspan=3)])
    return rows


def printed_tables(tables):
    """Template context for the frozen (or live) tables: documents, decisions, fees, table 三's rows,
    table 四's cells."""
    if not tables:
        return {"has_tables": False}
    documents = tables["documents"]
    decisions = tables["decisions"]
    return {
        "has_tables": True,
        "document_rows": [
            {"label": text, "cells": [documents[kind][figure] for figure, _f in layout.DOCUMENT_FIGURES]}
            for kind, text in layout.DOCUMENT_KINDS
        ],
        "document_headings": [text for _figure, text in layout.DOCUMENT_FIGURES],
        "licences": decisions["licences"],
        "penalties": decisions["penalties"],
        "coercions": decisions["coercions"],
        "fees": fees_text(tables["fees"]),
        "column_kinds": [layout.COLUMN_LABELS[c] for c in layout.APPLICANT_COLUMNS[1:-1]],
        "application_rows": application_rows(tables["applications"]),
        "appeal_results": [text for _code, text in layout.APPEAL_RESULTS],
        "appeal_cells": [tables["appeals"][cell] for cell in layout.APPEAL_CELLS],
    }
