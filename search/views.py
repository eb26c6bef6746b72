from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from wagtail.contrib.search_promotions.models import Query as QueryLog
from wagtail.models import Site

from . import service, suggest
from .answers import answers
from .query import SearchRequest


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


def popular_queries(site=None):
    """热词 from the search log: a subsite's own, or the whole cluster's when it has none yet."""
    own = site.hostname if site and getattr(getattr(site, "profile", None), "level", "city") != "city" else None
    return (own and suggest.popular_queries(own)) or suggest.popular_queries()


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


def suggest_api(request):
    """Completions of what a resident is typing, for the search boxes; cacheable for a while."""
    query = request.GET.get("q", "")[: 4 * suggest.MAX_PREFIX]
    response = JsonResponse(
        {"query": query, "suggestions": suggest.suggestions(query)}, json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


def search_page(request):
    site, search_request = _request_for(request)
    results = service.search(search_request)
    boxes = answers(search_request.query.text, site) if search_request.page == 1 else []
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
            "popular": popular_queries(site) if not results.total else [],
            "answers": boxes,
        },
    )


def search_api(request):
    site, search_request = _request_for(request)
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
            "answers": answers(search_request.query.text, site) if search_request.page == 1 else [],
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
            "popular": popular_queries(site) if not results.total else [],
        },
        json_dumps_params={"ensure_ascii": False},
    )
