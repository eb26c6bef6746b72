from django import template
from wagtail.models import Site

from sites.units import profile_of

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


@register.simple_tag
def keeping_unit(page):
    """The 专属网页 this page lies in (its profile), or None on a site's own pages."""
    if page is None or not getattr(page, "path", None):
        return None
    profile = profile_of(page)
    return profile if profile and profile.is_section else None
