# Each views module registers its own admin URLs and menu entries.
from .views import (  # noqa: F401
    availability,
    circulars,
    column_checks,
    dashboard,
    letters,
    menu,
    solicitations,
    statistics,
    tamper,
)
