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
