"""The outcomes of an application: the rows of table three of the national annual report format
(国办公开办函〔2021〕30号, 三、收到和处理政府信息公开申请情况 › 三、本年度办理结果).

An application's `outcome` is one leaf, e.g. "disclose" or "withhold.third_party"; the report
counts each leaf in its row and each group in its subtotal.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    leaves: tuple = field(default=())  # (code, label) of the numbered reasons of a group

    @property
    def choices(self):
        if not self.leaves:
            return [(self.code, self.label)]
        return [(f"{self.code}.{code}", f"{self.label}：{label}") for code, label in self.leaves]


OUTCOMES = (
    Outcome("disclose", "予以公开"),
    Outcome("partial", "部分公开"),
    Outcome(
        "withhold",
        "不予公开",
        (
            ("state_secret", "属于国家秘密"),
            ("law_forbids", "其他法律行政法规禁止公开"),
            ("security", "危及“三安全一稳定”"),
            ("third_party", "保护第三方合法权益"),
            ("internal", "属于三类内部事务信息"),
            ("process", "属于四类过程性信息"),
            ("enforcement", "属于行政执法案卷"),
            ("inquiry", "属于行政查询事项"),
        ),
    ),
    Outcome(
        "unavailable",
        "无法提供",
        (
            ("not_held", "本机关不掌握相关政府信息"),
            ("needs_making", "没有现成信息需要另行制作"),
            ("unclear", "补正后申请内容仍不明确"),
        ),
    ),
    Outcome(
        "not_handled",
        "不予处理",
        (
            ("petition", "信访举报投诉类申请"),
            ("repeat", "重复申请"),
            ("publication", "要求提供公开出版物"),
            ("mass", "无正当理由大量反复申请"),
            ("confirm", "要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    Outcome(
        "other",
        "其他处理",
        (
            ("not_corrected", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "其他"),
        ),
    ),
)

OUTCOME_CHOICES = [choice for outcome in OUTCOMES for choice in outcome.choices]
LEAVES = [code for code, _ in OUTCOME_CHOICES]

# Set by the platform itself, not chosen in a decision: the applicant let the period pass.
NOT_CORRECTED = "other.not_corrected"
FEE_UNPAID = "other.fee_unpaid"
# What releases information, wholly or in part: a decision with these outcomes needs the files.
RELEASING = ("disclose", "partial")


def group_of(leaf):
    return leaf.split(".", 1)[0]


def label_of(leaf):
    return dict(OUTCOME_CHOICES).get(leaf, "")
