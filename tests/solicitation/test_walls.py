"""The walk of every admin URL (tests/security) fills the solicitation views with 友谊县's
solicitation and comment."""

from solicitation.models import Comment, SolicitationPage
from tests.security.admin_urls import NAMED, admin_patterns

VIEWS = {
    "solicitation_index",
    "solicitation_comments",
    "solicitation_feedback",
    "solicitation_dispose",
    "solicitation_person",
}


def test_the_admin_walk_covers_the_solicitation_views():
    patterns = {pattern.name: pattern for pattern in admin_patterns()}
    assert set(patterns) >= VIEWS
    arguments = {name for view in VIEWS for name in patterns[view].kwargs}
    assert arguments == {"solicitation_id", "comment_id"}
    assert (NAMED["solicitation_id"], NAMED["comment_id"]) == (SolicitationPage, Comment)
