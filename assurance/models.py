"""What the oversight centre keeps: the latest audit of every column, each site's daily summary
(its history), availability probes, spot checks, and the units' "checked, still current" marks."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ColumnStatus(models.TextChoices):
    OK = "ok", "正常"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "逾期未更新"
    EMPTY = "empty", "空白栏目"
    NOT_APPLICABLE = "not_applicable", "不适用"


class ColumnCheck(models.Model):
    """已核查，内容仍有效: a unit confirms that a fixed column is still current. It counts as an
    update of the column and is shown as a check, never as a publication date (seed 003 forbids
    forged dates)."""

    column = models.ForeignKey("wagtailcore.Page", verbose_name="栏目", on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField("核查时间", default=timezone.now, db_index=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="核查人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField("核查说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "栏目核查"
        verbose_name_plural = "栏目核查"
        ordering = ["-checked_at"]

    def __str__(self):
        return f"{self.column} {self.checked_at:%Y-%m-%d}"


class ColumnFinding(models.Model):
    """A column's status in the latest audit; replaced by every audit."""

    column = models.OneToOneField(
        "wagtailcore.Page", verbose_name="栏目", on_delete=models.CASCADE, related_name="assurance_finding"
    )
    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    units = models.ManyToManyField("sites.Unit", verbose_name="保障单位", blank=True, related_name="column_findings")
    title = models.CharField("栏目", max_length=255)
    trail = models.CharField("栏目路径", max_length=500)
    status = models.CharField("状态", max_length=16, choices=ColumnStatus.choices, db_index=True)
    requirement = models.CharField("更新要求", max_length=100, blank=True)
    last_update = models.DateTimeField("最近更新", null=True)
    last_update_kind = models.CharField("更新方式", max_length=16, blank=True)
    due = models.DateField("应更新日期", null=True)
    days_overdue = models.PositiveIntegerField("逾期天数", default=0)
    national = models.CharField("国家检查类别", max_length=16, blank=True)
    audited_at = models.DateTimeField("检查时间")

    class Meta:
        verbose_name = "栏目检查结果"
        verbose_name_plural = "栏目检查结果"
        ordering = ["-days_overdue", "trail"]

    def __str__(self):
        return self.trail


class SiteSnapshot(models.Model):
    """One site's audit of one day: the history behind the trend charts and the circulars."""

    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("日期", db_index=True)
    ok = models.PositiveIntegerField("正常", default=0)
    due_soon = models.PositiveIntegerField("即将到期", default=0)
    overdue = models.PositiveIntegerField("逾期", default=0)
    empty = models.PositiveIntegerField("空白", default=0)
    not_applicable = models.PositiveIntegerField("不适用", default=0)
    home_last_update = models.DateTimeField("首页最近更新", null=True)
    vetoes = models.JSONField("单项否决", default=list)
    units = models.JSONField("单位问题栏目", default=list, help_text="[{unit, name, overdue, empty, columns}]")

    class Meta:
        verbose_name = "站点每日检查"
        verbose_name_plural = "站点每日检查"
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["profile", "date"], name="one_snapshot_per_site_day")]

    def __str__(self):
        return f"{self.profile} {self.date}"


class Probe(models.Model):
    """One availability probe of a site's home page."""

    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    probed_at = models.DateTimeField("探测时间", default=timezone.now, db_index=True)
    ok = models.BooleanField("可访问")
    status_code = models.PositiveSmallIntegerField("状态码", null=True)
    elapsed_ms = models.PositiveIntegerField("耗时（毫秒）", null=True)
    error = models.CharField("错误", max_length=200, blank=True)

    class Meta:
        verbose_name = "可用性探测"
        verbose_name_plural = "可用性探测"
        ordering = ["-probed_at"]
        indexes = [models.Index(fields=["profile", "probed_at"])]

    def __str__(self):
        return f"{self.profile} {self.probed_at:%Y-%m-%d %H:%M}"


class SpotCheck(models.Model):
    """季度抽查: the sites drawn for one quarter and their filled check sheet."""

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    seed = models.CharField("随机种子", max_length=50)
    drawn_at = models.DateTimeField("抽取时间", default=timezone.now)
    sheet = models.JSONField("检查表", default=list)

    class Meta:
        verbose_name = "季度抽查"
        verbose_name_plural = "季度抽查"
        ordering = ["-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="one_spot_check_per_quarter")]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度抽查"


class TamperResult(models.TextChoices):
    MATCH = "match", "一致"
    MISMATCH = "mismatch", "不一致"
    UNCHECKED = "unchecked", "无法检查"


class TamperCheck(models.Model):
    """The latest tamper check of a live item page: did residents get what the platform renders?
    Replaced by every check of the page."""

    page = models.OneToOneField(
        "wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="tamper_check"
    )
    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    url = models.URLField("页面地址", max_length=500)
    checked_at = models.DateTimeField("检查时间", db_index=True)
    result = models.CharField("结果", max_length=16, choices=TamperResult.choices, db_index=True)
    error = models.CharField("无法检查的原因", max_length=200, blank=True)
    platform_hash = models.CharField("平台渲染摘要", max_length=64, blank=True)
    public_hash = models.CharField("公网页面摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "防篡改检查"
        verbose_name_plural = "防篡改检查"
        ordering = ["-checked_at"]

    def __str__(self):
        return self.url


class TamperAlert(models.Model):
    """A mismatch between the public copy of a page and the platform's rendering of it: open until a
    later check matches. A different mismatch of the same page is a new alert."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("页面标题", max_length=255)
    url = models.URLField("页面地址", max_length=500)
    platform_hash = models.CharField("平台渲染摘要", max_length=64)
    public_hash = models.CharField("公网页面摘要", max_length=64)
    public_status = models.PositiveSmallIntegerField("公网状态码", null=True)
    diff = models.TextField("差异摘录", blank=True)
    detected_at = models.DateTimeField("发现时间", db_index=True)
    last_seen = models.DateTimeField("最近一次发现")
    mailed_at = models.DateTimeField("邮件通知时间", null=True)
    resolved_at = models.DateTimeField("恢复时间", null=True, db_index=True)

    class Meta:
        verbose_name = "篡改告警"
        verbose_name_plural = "篡改告警"
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page"], condition=models.Q(resolved_at__isnull=True), name="one_open_tamper_alert_per_page"
            )
        ]

    def __str__(self):
        return f"{self.title} {self.detected_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        return self.resolved_at is None
