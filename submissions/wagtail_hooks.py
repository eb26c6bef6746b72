from wagtail import hooks
from wagtail.log_actions import LogFormatter

from . import services

# Each views module registers its own admin URLs and menu entries.
from .views import inbox, menu, mine, reports, submit  # noqa: F401


@hooks.register("register_log_actions")
def register_submission_actions(actions):
    @actions.register_action(services.SUBMITTED)
    class SubmittedFormatter(LogFormatter):
        label = "报送到门户"

        def format_message(self, log_entry):
            data = log_entry.data
            note = data.get("note")
            message = f"报送到门户“{data.get('column', '')}”栏目"
            return f"{message}。报送说明：{note}" if note else message

    @actions.register_action(services.ADOPTED)
    class AdoptedFormatter(LogFormatter):
        label = "门户采用报送信息"

        def format_message(self, log_entry):
            data = log_entry.data
            review = "，提交门户审核" if data.get("workflow") else "，直接发布"
            column = data.get("column", "")
            if data.get("role") == "copy":
                return f"采用{data.get('site', '')}报送的“{data.get('title', '')}”，作为“{column}”栏目的门户稿{review}"
            return f"门户“{column}”栏目采用了本信息{review}"

    @actions.register_action(services.RETURNED)
    class ReturnedFormatter(LogFormatter):
        label = "门户退回报送信息"

        def format_message(self, log_entry):
            data = log_entry.data
            return f"门户退回了报送到“{data.get('column', '')}”栏目的本信息。退回原因：{data.get('reason', '')}"

    @actions.register_action(services.WITHDRAWN)
    class WithdrawnFormatter(LogFormatter):
        label = "撤回报送"

        def format_message(self, log_entry):
            return f"撤回了报送到门户“{log_entry.data.get('column', '')}”栏目的本信息"
