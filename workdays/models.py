from django.db import models


class CalendarDay(models.Model):
    """A day that is not what its weekday says: a public holiday on a weekday, or a weekend day
    that is worked (调休). Every other Monday–Friday is a working day and every other weekend day
    is not."""

    class Source(models.TextChoices):
        PACKAGE = "package", "chinese-calendar 软件包"
        STAFF = "staff", "人工维护"

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("上班", help_text="勾选：调休上班的周末；不勾选：放假的工作日")
    name = models.CharField("节日", max_length=60, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.STAFF)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'调休上班' if self.is_workday else '放假'} {self.name}".strip()
