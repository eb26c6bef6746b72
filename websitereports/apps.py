from django.apps import AppConfig


class WebsiteReportsConfig(AppConfig):
    name = "websitereports"
    verbose_name = "网站工作年度报表"
