"""Seeding the calendar's exceptions from the chinese-calendar package."""

from django.db import transaction

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争胜利70周年纪念日",
}


def package_exceptions(years=None):
    """[(date, is_workday, Chinese name)] the package knows, optionally only for `years`."""
    import chinese_calendar

    rows = []
    for table, worked in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if years and day.year not in years:
                continue
            if worked != (day.weekday() < 5):  # a holiday on a weekday, or a worked weekend day
                rows.append((day, worked, HOLIDAY_NAMES.get(name, name or "")))
    return sorted(rows)


@transaction.atomic
def seed(CalendarDay, years=None):
    """Add the package's exceptions that the table lacks; never overwrite what staff entered.
    Returns (added, kept)."""
    rows = package_exceptions(years)
    present = set(CalendarDay.objects.filter(date__in=[r[0] for r in rows]).values_list("date", flat=True))
    new = [
        CalendarDay(date=day, is_workday=worked, name=name, source="package")
        for day, worked, name in rows
        if day not in present
    ]
    CalendarDay.objects.bulk_create(new, batch_size=500)
    return len(new), len(present)
