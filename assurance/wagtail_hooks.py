# Each views module registers its own admin URLs and menu entries.
from .views import availability, circulars, column_checks, dashboard, menu, statistics  # noqa: F401
