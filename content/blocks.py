from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题")
    answer = blocks.TextBlock(label="解答")

    class Meta:
        icon = "help"
        label = "常见问题"
        template = "content/blocks/question.html"


class FormDownloadBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="表格名称")
    document = DocumentChooserBlock(label="文件")

    class Meta:
        icon = "doc-full"
        label = "表格下载"
        template = "content/blocks/form_download.html"
