import os

import pytest

from .build import manage


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    return {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(db.parent / "media"),
    }


@pytest.fixture(scope="session")
def demo(demo_env):
    """The demo built once for the run, on SQLite: (its environment, what the first build printed)."""
    manage(demo_env, "migrate", "--noinput")
    return demo_env, manage(demo_env, "demo_cluster", "--port", "8000")
