"""A starter synonym dictionary for government services: what residents say → what the pages say.

Frozen here (not read from a file) so the migration loads the same words whenever it runs; city
staff keep the dictionary in the admin afterwards. Terms already present are left as they are.
"""

from django.core.cache import cache
from django.db import migrations

STARTER = {
    # 社会保险与社会保障
    "社保": ["社会保险", "社会保障"],
    "社保卡": ["社会保障卡"],
    "医保": ["医疗保险", "医疗保障"],
    "医保卡": ["社会保障卡"],
    "新农合": ["新型农村合作医疗", "城乡居民基本医疗保险"],
    "新农保": ["新型农村社会养老保险", "城乡居民基本养老保险"],
    "养老险": ["养老保险"],
    "医疗险": ["医疗保险"],
    "失业险": ["失业保险"],
    "生育险": ["生育保险"],
    "工伤险": ["工伤保险"],
    "养老金": ["基本养老金", "养老保险待遇"],
    "退休金": ["基本养老金", "养老保险待遇"],
    "失业金": ["失业保险金"],
    "失业证": ["就业创业证", "就业失业登记证"],
    "跨省就医": ["异地就医"],
    "慢病": ["慢性病", "门诊慢特病"],
    "丧葬费": ["丧葬补助金"],
    # 社会救助与福利
    "低保": ["最低生活保障"],
    "低保户": ["最低生活保障"],
    "五保": ["特困人员救助供养"],
    "五保户": ["特困人员救助供养"],
    "残疾证": ["残疾人证"],
    "残疾补贴": ["残疾人两项补贴"],
    "残补": ["残疾人两项补贴"],
    "高龄补贴": ["高龄津贴"],
    "老年证": ["老年人优待证"],
    "老人": ["老年人"],
    "退伍军人": ["退役军人"],
    "独生子女证": ["独生子女父母光荣证"],
    # 住房与不动产
    "公积金": ["住房公积金"],
    "提公积金": ["住房公积金提取"],
    "公积金贷款": ["住房公积金个人贷款"],
    "公租房": ["公共租赁住房"],
    "廉租房": ["廉租住房", "公共租赁住房"],
    "经适房": ["经济适用住房"],
    "房租补贴": ["住房租赁补贴", "租赁补贴"],
    "二手房": ["存量房"],
    "过户": ["转移登记"],
    "房产证": ["不动产权证书", "房屋所有权证"],
    "房本": ["不动产权证书", "房屋所有权证"],
    "房贷": ["住房贷款"],
    "买房": ["购房", "购买住房"],
    # 户籍与证件
    "身份证": ["居民身份证"],
    "补办身份证": ["居民身份证补领"],
    "换身份证": ["居民身份证换领"],
    "临时身份证": ["临时居民身份证"],
    "上户口": ["户口登记", "出生登记", "落户"],
    "落户": ["户口迁入"],
    "迁户口": ["户口迁移", "户口迁入"],
    "户口本": ["户口簿"],
    "暂住证": ["居住证"],
    "出生证": ["出生医学证明"],
    "准生证": ["生育登记", "生育服务证"],
    "结婚证": ["结婚登记"],
    "领证": ["结婚登记"],
    "离婚证": ["离婚登记"],
    "港澳通行证": ["往来港澳通行证"],
    "台湾通行证": ["往来台湾通行证"],
    # 交通
    "驾照": ["机动车驾驶证"],
    "驾驶证": ["机动车驾驶证"],
    "行驶证": ["机动车行驶证"],
    "车牌": ["机动车号牌"],
    "上牌": ["机动车注册登记"],
    "车检": ["机动车安全技术检验"],
    # 企业与就业
    "开公司": ["企业设立", "公司设立"],
    "注册公司": ["企业设立", "公司设立"],
    "个体户": ["个体工商户"],
    "开店": ["个体工商户设立"],
    "办执照": ["营业执照"],
    "食品许可证": ["食品经营许可证"],
    "健康证": ["健康证明"],
    "创业贷款": ["创业担保贷款"],
    "讨薪": ["拖欠工资", "欠薪"],
    "劳动仲裁": ["劳动人事争议仲裁"],
    "交税": ["纳税", "缴税"],
    "个税": ["个人所得税"],
    "考公": ["公务员考试", "公务员招录"],
    "事业编": ["事业单位公开招聘"],
    # 办事场所与渠道
    "办事大厅": ["政务服务中心"],
    "政务大厅": ["政务服务中心"],
    "行政服务中心": ["政务服务中心"],
    "市长热线": ["12345政务服务便民热线"],
    "城管": ["城市管理", "综合行政执法"],
    "上学": ["入学"],
}


def load_starter(apps, starter):
    """Add the starter's terms that are not there yet (0009 loads its own words with it)."""
    Synonym = apps.get_model("search", "Synonym")
    existing = set(Synonym.objects.values_list("term", flat=True))
    Synonym.objects.bulk_create(
        Synonym(term=term, expansions="\n".join(expansions)) for term, expansions in starter.items() if term not in existing
    )
    cache.delete("search:synonyms:1")  # search.synonyms.CACHE_KEY


def unload_starter(apps, starter):
    """Remove the starter's terms that nobody has edited since."""
    Synonym = apps.get_model("search", "Synonym")
    for term, expansions in starter.items():
        Synonym.objects.filter(term=term, expansions="\n".join(expansions)).delete()
    cache.delete("search:synonyms:1")


def load(apps, schema_editor):
    load_starter(apps, STARTER)


def unload(apps, schema_editor):
    unload_starter(apps, STARTER)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_log_schedule")]

    operations = [migrations.RunPython(load, unload)]
