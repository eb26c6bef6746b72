"""关怀版 (the elder-friendly version) as a URL: `?care=1` renders it, `?care=0` the standard one.

The choice is remembered in a cookie the server never reads (care.js writes it, care/head.html
applies it before the first paint), so the same cached page serves both versions; the URL form is
for residents without scripts and for links handed to them.
"""

PARAMETER = "care"


def care(request):
    """The switch's own address names only the version: the rest of the query is never echoed into
    the page (care.js keeps it when scripts run)."""
    on = request.GET.get(PARAMETER) == "1"
    return {"care": on, "care_switch_url": f"?{PARAMETER}={'0' if on else '1'}"}
