from tests.solicitation.conftest import portal_draft  # noqa: F401
from tests.translations.conftest import english, foreign_trees, russian  # noqa: F401
