"""What the link checker keeps: one record per episode of a broken link on a page, and one per run."""

from django.db import models

# Longer addresses are not recorded: PostgreSQL cannot index them, and no editor writes them.
MAX_URL_LENGTH = 2048

TARGET_LABELS = {"page": "站内页面", "document": "文档", "image": "图片"}


class LinkKind(models.TextChoices):
    INTERNAL = "internal", "站内"
    EXTERNAL = "external", "站外"


class BrokenLink(models.Model):
    """A link of a page that does not work, from the run that first found it until the run that
    found it gone or working again (fixed_at). Broken again later, it starts a new record."""

    page = models.ForeignKey("wagtailcore.Page", verbose_name="页面", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "sites.Unit", verbose_name="责任单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(
        "链接地址",
        max_length=MAX_URL_LENGTH,
        help_text="按地址写的链接为完整地址；按编号选择的页面、文档、图片记为 page:12、document:3、image:5。",
    )
    kind = models.CharField("类型", max_length=8, choices=LinkKind.choices)
    field = models.CharField("所在位置", max_length=200)
    status_code = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    error = models.CharField("错误说明", max_length=500, blank=True)
    confirmed = models.BooleanField(
        "确认失效", default=False, help_text="404、410、403 和站内找不到的目标为确认失效；超时、5xx、连接失败为疑似。"
    )
    first_seen = models.DateTimeField("首次发现", db_index=True)
    last_seen = models.DateTimeField("最近发现")
    fixed_at = models.DateTimeField("修复时间", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "失效链接"
        verbose_name_plural = "失效链接"
        ordering = ["-confirmed", "-last_seen", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "url"], condition=models.Q(fixed_at__isnull=True), name="linkcheck_one_open_episode"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.url}"

    @property
    def target(self):
        """How the report shows the address: page:12 reads 站内页面 #12."""
        kind, _, pk = self.url.partition(":")
        if kind in TARGET_LABELS and pk.isdigit():
            return f"{TARGET_LABELS[kind]} #{pk}"
        return self.url

    @property
    def verdict(self):
        return "确认" if self.confirmed else "疑似"

    @property
    def problem(self):
        if self.status_code and self.error:
            return f"{self.status_code} {self.error}"
        return str(self.status_code or self.error)

    @property
    def page_title(self):
        return self.page.title

    @property
    def site_name(self):
        return str(self.profile)

    @property
    def unit_name(self):
        return self.unit.name if self.unit else ""


class LinkCheckRun(models.Model):
    """One run of the checker, over the whole cluster or one site."""

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间")
    site = models.CharField("检查范围", max_length=255, blank=True, help_text="站点主机名；空为全部开放站点。")
    pages = models.PositiveIntegerField("页面数", default=0)
    links = models.PositiveIntegerField("链接数", default=0)
    external_urls = models.PositiveIntegerField("检查的站外地址", default=0)
    broken = models.PositiveIntegerField("失效链接", default=0)
    confirmed = models.PositiveIntegerField("确认失效", default=0)
    fixed = models.PositiveIntegerField("新修复", default=0)

    class Meta:
        verbose_name = "链接检查记录"
        verbose_name_plural = "链接检查记录"
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.site or '全部站点'} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def suspected(self):
        return self.broken - self.confirmed

    @property
    def seconds(self):
        return (self.finished_at - self.started_at).total_seconds()

    def summary(self):
        scope = f"（{self.site}）" if self.site else ""
        return (
            f"链接检查完成{scope}：页面 {self.pages}，链接 {self.links}，站外地址 {self.external_urls}，"
            f"失效 {self.broken}（确认 {self.confirmed}，疑似 {self.suspected}），新修复 {self.fixed}，"
            f"用时 {self.seconds:.1f} 秒"
        )
