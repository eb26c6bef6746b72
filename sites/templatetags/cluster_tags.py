from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    """The Wagtail site of this request (cached on the request, with its profile)."""
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag
def site_channels(home):
    if home is None:
        return []
    return home.get_children().live().in_menu()


@register.simple_tag
def breadcrumbs(page, home):
    """The page's ancestors from its site's home page down, for the column trail."""
    if home is None or page is None:
        return []
    return page.get_ancestors().filter(depth__gte=home.depth)
