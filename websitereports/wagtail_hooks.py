# The admin views register their URLs and their entry in the 内容保障 menu.
from . import views  # noqa: F401
