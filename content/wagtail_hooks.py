from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import dates


@hooks.register("register_log_actions")
def register_date_actions(actions):
    @actions.register_action(dates.ACTION)
    class DateChangeFormatter(LogFormatter):
        label = "修改日期"

        def format_message(self, log_entry):
            return dates.describe(log_entry.data.get("changes", [])) or self.label
