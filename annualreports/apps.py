from django.apps import AppConfig


class AnnualReportsConfig(AppConfig):
    name = "annualreports"
    verbose_name = "信息公开年报"
