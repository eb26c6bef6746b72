"""A modest starter set of rules; city staff extend and change them in the admin."""

from django.db import migrations

REFORM_2018 = "2018年国务院机构改革后已不再使用；引用历史文件或讲述历史时可保留原名。"

# kind, pattern, correction, severity, note
STARTER_RULES = [
    ("miswriting", "按装", "安装", "block", ""),
    ("miswriting", "既使", "即使", "block", ""),
    ("miswriting", "针贬", "针砭", "block", ""),
    ("miswriting", "度过难关", "渡过难关", "block", "渡过难关、渡过危机用“渡”；度过时光、度过假期用“度”。"),
    ("miswriting", "再接再励", "再接再厉", "block", ""),
    ("miswriting", "迫不急待", "迫不及待", "block", ""),
    ("miswriting", "一愁莫展", "一筹莫展", "block", ""),
    ("miswriting", "默守成规", "墨守成规", "block", ""),
    ("miswriting", "布署", "部署", "block", ""),
    ("miswriting", "坐谈会", "座谈会", "block", ""),
    ("miswriting", "一如继往", "一如既往", "block", ""),
    ("miswriting", "不记其数", "不计其数", "block", ""),
    ("miswriting", "美仑美奂", "美轮美奂", "block", ""),
    ("miswriting", "中华人民共合国", "中华人民共和国", "block", "国名错误属严重表述错误。"),
    ("miswriting", "签定", "签订", "warn", "签订合同、协议用“签订”。"),
    ("miswriting", "名符其实", "名副其实", "warn", ""),
    ("forbidden", "×××", "", "block", "稿件中的占位符未替换。"),
    ("forbidden", "待补充", "", "block", "稿件尚未完成。"),
    ("sensitive", "国家工商行政管理总局", "国家市场监督管理总局", "warn", REFORM_2018),
    ("sensitive", "国家质量监督检验检疫总局", "国家市场监督管理总局", "warn", REFORM_2018),
    ("sensitive", "国家卫生和计划生育委员会", "国家卫生健康委员会", "warn", REFORM_2018),
]


def seed(apps, schema_editor):
    """Adds what is missing; a rule the city has changed is left as it is."""
    ProofreadingRule = apps.get_model("proofreading", "ProofreadingRule")
    for kind, pattern, correction, severity, note in STARTER_RULES:
        ProofreadingRule.objects.get_or_create(
            kind=kind, pattern=pattern, defaults={"correction": correction, "severity": severity, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("proofreading", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
