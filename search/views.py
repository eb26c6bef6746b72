from datetime import timedelta

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query as QueryLog
from wagtail.models import Site

from . import service
from .query import SearchRequest

POPULAR_DAYS = 90


def _request_for(request):
    site = Site.find_for_request(request)
    is_portal = site is None or getattr(getattr(site, "profile", None), "level", "city") == "city"
    search_request = SearchRequest.from_params(
        request.GET, site.hostname if site else None, default_scope="all" if is_portal else "site"
    )
    return site, search_request


def _log(results):
    if results.total and results.request.query.text:
        QueryLog.get(results.request.query.text[:255]).add_hit()


def popular_queries(limit=8):
    since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
    return [q.query_string for q in QueryLog.get_most_popular(since)[:limit]]


def _link_facets(results, get):
    """Give each facet value the address that selects it, or clears it when selected."""
    for facet in results.facets:
        for value in facet.values:
            params = get.copy()
            params.pop("page", None)
            if value["selected"]:
                params.pop(facet.name, None)
            else:
                params[facet.name] = value["value"]
            value["href"] = "?" + params.urlencode()


def search_page(request):
    site, search_request = _request_for(request)
    results = service.search(search_request)
    _log(results)
    _link_facets(results, request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/search_page.html",
        {
            "results": results,
            "query": search_request.query.text,
            "scope": "site" if search_request.scope_hostname else "all",
            "sort": search_request.sort,
            "base_params": params.urlencode(),
            "popular": popular_queries() if not results.total else [],
        },
    )


def search_api(request):
    _site, search_request = _request_for(request)
    results = service.search(search_request)
    _log(results)
    return JsonResponse(
        {
            "query": search_request.query.text,
            "total": results.total,
            "page": results.page,
            "pages": results.pages,
            "sort": search_request.sort,
            "scope": "site" if search_request.scope_hostname else "all",
            "results": [
                {
                    "title": hit["title"],
                    "url": hit["url"],
                    "site": {"hostname": hit["site_hostname"], "name": hit["site_name"]},
                    "column": [{"title": t, "url": u} for t, u in hit["column_trail"]],
                    "type": hit["content_type"],
                    "type_label": hit["type_label"],
                    "unit": hit["unit"],
                    "date": hit["published_at"].date().isoformat(),
                    "doc_number": hit["doc_number"],
                    "snippet": str(hit["snippet_html"]),
                }
                for hit in results.hits
            ],
            "facets": {facet.name: facet.values for facet in results.facets},
            "popular": popular_queries() if not results.total else [],
        },
        json_dumps_params={"ensure_ascii": False},
    )
