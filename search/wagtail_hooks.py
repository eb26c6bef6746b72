# Each admin module registers its own URLs and menu entries.
from . import views_admin  # noqa: F401
