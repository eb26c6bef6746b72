"""Taking personal data out of a resident's text before it is shown publicly.

Masks 18- and 15-digit ID card numbers, mobile and landline numbers, e-mail addresses, the names
the caller knows (the writer's own), and street addresses down to the house number (the district
or town stays, so a reply about 福利镇 still reads sensibly). The reviewer sees the result before
anything is published; redaction is a help, never a reason not to read.
"""

import re

MASK = "＊＊＊"

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[- ]?)?[2-8]\d{6,7}(?:-\d{1,4})?(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_BANK_CARD = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
# 某某路/街/巷/胡同 + number, optionally 小区/号楼/栋/单元/室: the part that finds a door.
# The name before 路/小区 stops at an administrative word, so 福利镇 stays in 福利镇福兴路12号.
_NAME = r"[^\s\d，。、；：！？,.;:!?()（）省市县区镇乡村住在于的是和与到]"
_NUM = "[0-9０-９一二三四五六七八九十百零〇]+"
_STREET = re.compile(
    _NAME + "{1,8}(?:路|街|大街|大道|巷|胡同|弄)" + _NUM + "号"
    "(?:" + _NAME + "{0,8}?(?:小区|花园|家园|公寓|大厦))?"
    "(?:" + _NUM + "(?:号楼|栋|幢|号院))?"
    "(?:" + _NUM + "单元)?"
    "(?:[0-9０-９]+(?:室|号房))?"
)
_HOUSING = re.compile(
    _NAME + "{1,8}(?:小区|花园|家园|公寓)" + _NUM + "(?:号楼|栋|幢)(?:" + _NUM + "单元)?(?:[0-9０-９]+(?:室|号房)?)?"
)


def redact(text, names=()):
    """`text` with ID numbers, phone numbers, e-mail addresses, street addresses and `names`
    masked."""
    if not text:
        return text
    for pattern in (_EMAIL, _ID_CARD, _BANK_CARD, _MOBILE, _LANDLINE, _STREET, _HOUSING):
        text = pattern.sub(MASK, text)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        text = text.replace(name, _masked_name(name))
    return text


def _masked_name(name):
    """张三丰 → 张某某: the family name stays, as 政务公开 practice writes it."""
    return name[0] + "某" * min(len(name) - 1, 2)


def contains_personal_data(text, names=()):
    return redact(text, names) != text
