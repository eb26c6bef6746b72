"""A job for the worker tests: a plain function, as wagtail-localize enqueues them."""

from sites.models import Unit


def create_unit(name):
    Unit.objects.create(name=name, kind=Unit.Kind.CITY_DEPARTMENT)
