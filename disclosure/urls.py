"""Applicants' addresses on every site's hostname: apply (申请), look up (查询)."""

app_name = "disclosure"
urlpatterns = []
