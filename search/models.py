from django.db import models


class TSVectorField(models.TextField):
    """A PostgreSQL tsvector written from a literal we build ourselves; NULL on other databases.

    The literal carries each token's position and weight, so PostgreSQL's own text parser (whose
    idea of a word depends on the server's locale) never sees the Chinese text.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        return value if connection.vendor == "postgresql" else None

    def get_placeholder(self, value, compiler, connection):
        return "%s::tsvector" if connection.vendor == "postgresql" else "%s"


class SearchEntry(models.Model):
    """The database engine's index: one row per searchable page, with its analysed tokens.

    On PostgreSQL `vector` is matched through a GIN index and `head_vector` is kept in the row for
    ranking (see migrations); on SQLite an FTS5 table over the token columns (kept in step by
    triggers) does the same job.
    """

    page = models.OneToOneField("wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+")
    locale = models.CharField(max_length=20)
    site_hostname = models.CharField(max_length=255, db_index=True)
    site_name = models.CharField(max_length=255)
    site_level = models.CharField(max_length=16)
    column_key = models.CharField(max_length=120, blank=True)
    column_trail = models.JSONField(default=list)
    unit = models.CharField(max_length=100, blank=True)
    content_type = models.CharField(max_length=20)
    published_at = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    url = models.CharField(max_length=1000)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    doc_number = models.CharField(max_length=50, blank=True, db_index=True)
    issuer = models.CharField(max_length=100, blank=True)
    index_number = models.CharField(max_length=50, blank=True)
    fingerprint = models.CharField(max_length=40)
    title_tokens = models.TextField(blank=True)
    number_tokens = models.TextField(blank=True)
    summary_tokens = models.TextField(blank=True)
    meta_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    vector = TSVectorField(null=True, editable=False)
    head_vector = TSVectorField(null=True, editable=False)  # vector without the body, to rank cheaply

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"


class PendingIndexUpdate(models.Model):
    """A page whose index entry one engine still has to update (an outbox).

    Written in the same transaction as the change, deleted once the engine has taken the update,
    so an update the engine could not take (Elasticsearch down) waits here and is retried.
    """

    page_id = models.PositiveIntegerField()
    engine = models.CharField(max_length=20)
    queued_at = models.DateTimeField(auto_now=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page_id", "engine"], name="one_pending_update_per_engine")]
        verbose_name = "待更新索引"
        verbose_name_plural = "待更新索引"


class Synonym(models.Model):
    """An everyday word and the words of the pages it means (公租房 → 公共租赁住房), kept by city
    staff and applied to queries as they are read, so no reindex is needed."""

    term = models.CharField("群众用语", max_length=50, unique=True)
    expansions = models.TextField("规范用语", help_text="每行一个，如“公共租赁住房”。")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        "auth.User", verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["term"]

    def __str__(self):
        return self.term


class SearchTerm(models.Model):
    """A word of the indexed titles with its pinyin, initials and how many entries use it: what
    a pinyin query, a typo's correction and the suggestions are looked up in."""

    term = models.CharField(max_length=50, unique=True)
    pinyin = models.CharField(max_length=200, db_index=True)  # full pinyin without tones or spaces
    initials = models.CharField(max_length=50, db_index=True)
    frequency = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "搜索词表"
        verbose_name_plural = "搜索词表"


class SearchLog(models.Model):
    """One resident search: what was typed where, how many results, whether a result was opened.
    No address or user is kept."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    site_hostname = models.CharField(max_length=255, db_index=True)
    query = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)  # analysis.normalize, spaces folded
    results = models.PositiveIntegerField(default=0)
    corrected = models.CharField(max_length=200, blank=True)  # the 您是不是要找 query shown, if any
    opened = models.BooleanField(default=False)

    class Meta:
        verbose_name = "搜索记录"
        verbose_name_plural = "搜索记录"
        indexes = [models.Index(fields=["site_hostname", "at"], name="search_log_site_at")]
