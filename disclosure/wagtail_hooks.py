from django.urls import include, path
from wagtail import hooks

from .views.recording import PaperClarificationView, RecordView

app_name = "disclosure_admin"
urlpatterns = [
    path("record/", RecordView.as_view(), name="record"),
    path("<int:application_id>/clarification/", PaperClarificationView.as_view(), name="clarification"),
]


@hooks.register("register_admin_urls")
def disclosure_urls():
    return [path("disclosure/", include((urlpatterns, app_name), namespace=app_name))]
