"""The 告知书: its text drafted from the template of the outcome's group
(templates/disclosure/letters/<group>.txt), citing the article of the 政府信息公开条例 that the
outcome rests on and the applicant's remedies. Staff may edit the draft before it is reviewed."""

from django.template.loader import render_to_string
from django.utils import timezone

from . import clock
from .outcomes import group_of, label_of

REGULATION = "《中华人民共和国政府信息公开条例》"
# The article each outcome rests on (leaf first, then its group).
ARTICLES = {
    "disclose": "第三十六条第（二）项",
    "partial": "第三十七条、第三十六条第（二）项",
    "withhold": "第三十六条第（三）项",
    "withhold.state_secret": "第十四条、第三十六条第（三）项",
    "withhold.law_forbids": "第十四条、第三十六条第（三）项",
    "withhold.security": "第十四条、第三十六条第（三）项",
    "withhold.third_party": "第十五条、第三十二条、第三十六条第（三）项",
    "withhold.internal": "第十六条第一款、第三十六条第（三）项",
    "withhold.process": "第十六条第二款、第三十六条第（三）项",
    "withhold.enforcement": "第十六条第二款、第三十六条第（三）项",
    "withhold.inquiry": "第三十六条第（七）项",
    "unavailable.not_held": "第三十六条第（四）项、第（五）项",
    "unavailable.needs_making": "第三十八条",
    "unavailable.unclear": "第二十九条第二款、第三十条",
    "not_handled.petition": "第三十九条第一款",
    "not_handled.repeat": "第三十六条第（六）项",
    "not_handled.publication": "第三十九条第二款",
    "not_handled.mass": "第三十五条",
    "not_handled.confirm": "第二条、第三十八条",
    "other.not_corrected": "第三十条",
    "other.fee_unpaid": "第四十二条",
    "other.other": "第三十六条",
}
REMEDY = (
    "如对本告知书不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
    "或者自收到本告知书之日起六个月内依法提起行政诉讼。"
)
GROUPS = ("disclose", "partial", "withhold", "unavailable", "not_handled", "other")


def article_of(outcome):
    return ARTICLES.get(outcome) or ARTICLES.get(group_of(outcome), "")


def draft(application, outcome, basis, withheld="", released=(), today=None):
    """The 告知书's text for this outcome (released: the names of the files provided)."""
    today = today or timezone.localdate()
    group = group_of(outcome)
    context = {
        "a": application,
        "organ": application.handler.name,
        "outcome": outcome,
        "outcome_label": label_of(outcome),
        "reason": label_of(outcome).split("：", 1)[-1],
        "article": f"{REGULATION}{article_of(outcome)}",
        "regulation": REGULATION,
        "basis": basis.strip(),
        "withheld": withheld.strip(),
        "released": list(released),
        "received_on": application.received_on,
        "clarified_on": application.clarified_on,
        "clarification_due": application.clarification_due,
        "fee_due": application.fee_due,
        "answer_due": clock.answer_due(application),
        "today": today,
        "remedy": REMEDY,
    }
    text = render_to_string(f"disclosure/letters/{group}.txt", context)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"
