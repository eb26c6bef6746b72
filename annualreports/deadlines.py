"""When a year's report is due: departments by 31 January, governments (city, county, district,
township) by 31 March of the following year (条例第四十九条, 第五十条)."""

from datetime import date

DEPARTMENT = "department"


def deadline(level, year):
    return date(year + 1, 1, 31) if level == DEPARTMENT else date(year + 1, 3, 31)
