"""The tables of the 2021 national format (国办公开办函〔2021〕30号): their rows, columns and cells,
as the report stores them (plain dicts keyed by these codes) and prints them."""

from disclosure.models import ApplicantKind
from disclosure.outcomes import OUTCOMES

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# Table 二: the documents (counted) and the decisions and fees (entered by the unit).
DOCUMENT_KINDS = (("rule", "规章"), ("normative", "行政规范性文件"))
DOCUMENT_FIGURES = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
ENTERED_FIGURES = (
    ("licences", "第二十条第（五）项", "行政许可"),
    ("penalties", "第二十条第（六）项", "行政处罚"),
    ("coercions", "第二十条第（六）项", "行政强制"),
)

# Table 三: the applicant columns (总计 last) and the rows.
APPLICANT_COLUMNS = (*ApplicantKind.values, "total")
COLUMN_LABELS = {**dict(ApplicantKind.choices), "total": "总计"}
CHINESE_ORDINALS = "一二三四五六七八"


def outcome_rows():
    """[(code, label, level)] of 三、本年度办理结果: level 1 a group (（一）…), 2 a numbered reason."""
    rows = []
    for n, outcome in enumerate(OUTCOMES):
        if not outcome.leaves:
            rows.append((outcome.code, f"（{CHINESE_ORDINALS[n]}）{outcome.label}", 1))
            continue
        rows.append((outcome.code, f"（{CHINESE_ORDINALS[n]}）{outcome.label}", 1))
        for i, (code, label) in enumerate(outcome.leaves, start=1):
            rows.append((f"{outcome.code}.{code}", f"{i}．{label}", 2))
    rows.append(("closed", f"（{CHINESE_ORDINALS[len(OUTCOMES)]}）总计", 1))
    return rows


OUTCOME_ROWS = outcome_rows()
COUNTED_ROWS = ("new", "carried", *(code for code, _label, _level in OUTCOME_ROWS), "forward")
ROW_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried": "二、上年结转政府信息公开申请数量",
    "results": "三、本年度办理结果",
    "forward": "四、结转下年度继续办理",
    **{code: label for code, label, _level in OUTCOME_ROWS},
}

# Table 四: 行政复议, 行政诉讼 (未经复议直接起诉, 复议后起诉), each with these five results.
APPEAL_RESULTS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
APPEAL_GROUPS = (("review", "行政复议"), ("direct", "未经复议直接起诉"), ("after_review", "复议后起诉"))
APPEAL_CELLS = tuple(f"{group}_{result}" for group, _g in APPEAL_GROUPS for result, _r in APPEAL_RESULTS)
APPEAL_ENTERED = tuple(cell for cell in APPEAL_CELLS if not cell.endswith("_total"))


def appeal_label(cell):
    """行政复议：结果维持 for review_upheld."""
    for group, label in APPEAL_GROUPS:
        result = cell.removeprefix(group + "_")
        if result != cell and result in dict(APPEAL_RESULTS):
            prefix = "" if group == "review" else "行政诉讼（"
            return f"{prefix}{label}{'）' if prefix else ''}：{dict(APPEAL_RESULTS)[result]}"
    return cell


def _count(value):
    return value if isinstance(value, int) and value >= 0 else 0


def with_appeal_totals(cells):
    """The 15 cells of table 四 from the 12 entered: each 总计 is the sum of its four results."""
    full = {cell: _count(cells.get(cell)) for cell in APPEAL_ENTERED}
    for group, _label in APPEAL_GROUPS:
        full[f"{group}_total"] = sum(full[f"{group}_{result}"] for result, _r in APPEAL_RESULTS[:4])
    return {cell: full[cell] for cell in APPEAL_CELLS}
