import re

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Collection, Site

SITE_CODE_PATTERN = re.compile(r"^(\d{10}|bm\d{8})$")


def validate_site_code(value):
    """网站标识码: a 6-digit area code plus a 4-digit serial, or `bm` and 8 digits for ministries."""
    if not SITE_CODE_PATTERN.match(value):
        raise ValidationError(
            "网站标识码应为10位：6位行政区划代码加4位序号（如2305210001），或bm加8位数字。",
            code="invalid_site_code",
        )


class Unit(models.Model):
    """A unit (保障单位) accountable for columns and content."""

    class Kind(models.TextChoices):
        COUNTY_DISTRICT_GOVERNMENT = "county_district_government", "县区政府"
        TOWNSHIP_GOVERNMENT = "township_government", "乡镇政府（街道）"
        CITY_DEPARTMENT = "city_department", "市直单位"
        CENTRAL_PROVINCIAL = "central_provincial", "中省直单位"

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("单位类别", max_length=32, choices=Kind.choices)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("contact_person"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class SiteProfile(models.Model):
    """A unit's place in the cluster: a site on its own hostname, or a 专属网页.

    A 专属网页 is a section of its parent's site (a township's or a department's pages on the
    county site, a city department's under the portal's 公开目录): it has no Wagtail Site and no
    hostname of its own, but everything else a site has: its root page, its groups, its
    三审三校, its media collection, and its own line in the audit, the scores and the statistics.
    """

    class Level(models.TextChoices):
        CITY = "city", "市级门户"
        COUNTY = "county", "县"
        DISTRICT = "district", "区"
        TOWNSHIP = "township", "乡镇（街道）"
        DEPARTMENT = "department", "部门"

    class Status(models.TextChoices):
        OPEN = "open", "运行"
        CLOSED = "closed", "关停"

    site = models.OneToOneField(
        Site, verbose_name="站点", null=True, blank=True, on_delete=models.CASCADE, related_name="profile"
    )
    root_page = models.OneToOneField(
        "wagtailcore.Page", verbose_name="首页", on_delete=models.PROTECT, related_name="unit_profile"
    )
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级站点",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit = models.ForeignKey(Unit, verbose_name="主管单位", null=True, blank=True, on_delete=models.SET_NULL)
    sponsor = models.CharField("主办单位", max_length=100)
    site_code = models.CharField(
        "网站标识码",
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_site_code],
        help_text="专属网页没有自己的网站标识码，用所在站点的。",
    )
    icp_number = models.CharField("ICP备案号", max_length=50, blank=True)
    public_security_number = models.CharField("公安机关备案号", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField("关停时间", null=True, blank=True)
    collection = models.OneToOneField(
        Collection,
        verbose_name="媒体库",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="site_profile",
    )

    panels = [
        FieldPanel("name", read_only=True),
        FieldPanel("level", read_only=True),
        FieldPanel("parent", read_only=True),
        FieldPanel("unit"),
        FieldPanel("sponsor"),
        FieldPanel("site_code"),
        FieldPanel("icp_number"),
        FieldPanel("public_security_number"),
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldPanel("address"),
        FieldPanel("status", read_only=True),
    ]

    class Meta:
        verbose_name = "站点档案"
        verbose_name_plural = "站点档案"
        ordering = ["root_page__path"]

    def __str__(self):
        return self.name

    @property
    def area_name(self):
        """集贤县 for 集贤县人民政府: how the portal's aggregated blocks name a subsite."""
        return self.name.removesuffix("人民政府")

    @property
    def is_section(self):
        """A 专属网页: served at its path on the nearest ancestor's hostname."""
        return self.site_id is None

    @property
    def host_site(self):
        """The Site whose hostname serves this unit's pages."""
        profile = self
        while profile.site_id is None:
            profile = profile.parent
        return profile.site

    @property
    def url(self):
        """The full address of the unit's home page."""
        if self.site_id:
            return self.site.root_url + "/"
        return self.root_page.get_full_url()

    @property
    def web_address(self):
        """jixian.localhost, or jixian.localhost/towns/fuli for a 专属网页: how lists and
        commands name the unit's place."""
        host = self.host_site
        if self.site_id:
            return host.hostname
        return host.hostname + self.root_page.url_path[len(host.root_page.url_path) - 1 :].rstrip("/")

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class SiteGroup(models.Model):
    """The Wagtail groups that provisioning made for a site, by role."""

    class Role(models.TextChoices):
        EDITOR = "editor", "编辑"
        FIRST_REVIEW = "first_review", "初审"
        SECOND_REVIEW = "second_review", "复审"
        FINAL_REVIEW = "final_review", "终审"

    profile = models.ForeignKey(SiteProfile, on_delete=models.CASCADE, related_name="groups")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="site_role")

    class Meta:
        verbose_name = "站点用户组"
        verbose_name_plural = "站点用户组"
        constraints = [models.UniqueConstraint(fields=["profile", "role"], name="one_group_per_site_role")]

    def __str__(self):
        return self.group.name


class ConsolidatedHost(models.Model):
    """The hostname of a site that consolidation (集约化) made a 专属网页: its addresses, and the
    addresses its pages had under the ancestor sites' hostnames, answer 301 with the section's."""

    hostname = models.CharField("原主机名", max_length=255)
    port = models.PositiveIntegerField("原端口", default=80)
    profile = models.ForeignKey(SiteProfile, verbose_name="专属网页", on_delete=models.CASCADE, related_name="+")
    old_url_path = models.CharField("原页面树路径", max_length=255, help_text="如 /portal/jixian/fuli/")
    site_code = models.CharField("原网站标识码", max_length=10, blank=True)
    consolidated_at = models.DateTimeField("并入时间", auto_now_add=True)

    class Meta:
        verbose_name = "已并入的站点"
        verbose_name_plural = "已并入的站点"
        constraints = [models.UniqueConstraint(fields=["hostname", "port"], name="one_consolidation_per_host")]

    def __str__(self):
        return self.hostname
