from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Site

from . import log, service, suggest
from .answers import answers
from .query import SearchRequest


def _request_for(request):
    site = Site.find_for_request(request)
    is_portal = site is None or getattr(getattr(site, "profile", None), "level", "city") == "city"
    search_request = SearchRequest.from_params(
        request.GET, site.hostname if site else None, default_scope="all" if is_portal else "site"
    )
    return site, search_request


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
    # The page's paging and facet links carry its search's log id: following them is the same
    # search (not logged again), and a result opened from them counts for it.
    carried = request.GET.get("log", "")[:100]
    logged = None if carried else log.record(search_request, results, site)
    log_token = log.token(logged) if logged else carried
    get = request.GET.copy()
    if log_token:
        get["log"] = log_token
    _link_facets(results, get)
    params = get.copy()
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
            "log_token": log_token,
        },
    )


def search_api(request):
    site, search_request = _request_for(request)
    results = service.search(search_request)
    logged = log.record(search_request, results, site)
    return JsonResponse(
        {
            "query": search_request.query.text,
            "total": results.total,
            "page": results.page,
            "pages": results.pages,
            "sort": search_request.sort,
            "scope": "site" if search_request.scope_hostname else "all",
            "answers": answers(search_request.query.text, site) if search_request.page == 1 else [],
            "corrected": results.corrected,  # 您是不是要找
            "showing_corrected": bool(results.original),  # the results are the corrected query's
            "partial": results.partial,  # the results hold most of the query's words, not all
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
            "log": log.token(logged),  # POST with a result's url to /search/opened/ when it is opened
        },
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt  # a beacon carries no CSRF token; the signed log id is what authorises it
@require_POST
def search_opened(request):
    """A result was opened: mark its search. Always 204, never a redirect."""
    log.mark_opened(request.POST.get("log", ""), request.POST.get("to", ""))
    return HttpResponse(status=204)
