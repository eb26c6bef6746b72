"""Residents' addresses that belong to a site rather than to one mailbox column."""

app_name = "interaction"
urlpatterns = []
