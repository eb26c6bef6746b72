from dataclasses import dataclass, field

# Relative weight of each analysed field, shared by both engines.
FIELD_WEIGHTS = {
    "title_tokens": 4.0,
    "number_tokens": 6.0,
    "summary_tokens": 2.0,
    "meta_tokens": 1.5,
    "body_tokens": 1.0,
}
# An item a year old counts 0.75 of a new one at equal relevance; one very old item 0.5 of it.
RECENCY_HALF_LIFE_DAYS = 365
EXACT_NUMBER_BONUS = 1000.0
DISPLAY_FIELDS = (
    "page_id",
    "title",
    "url",
    "site_hostname",
    "site_name",
    "column_trail",
    "content_type",
    "unit",
    "published_at",
    "summary",
    "body",
    "doc_number",
    "locale",
)


class EngineUnavailable(Exception):
    """The engine cannot be reached; callers fall back or retry later."""


@dataclass
class EngineResults:
    total: int
    entries: list  # dicts with DISPLAY_FIELDS, in rank order
    facets: dict = field(default_factory=dict)  # facet name → [(value, count)]
