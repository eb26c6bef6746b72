"""alt_beside: a picture's alt text is left out where the caption read with it already says it."""

from types import SimpleNamespace

from sites.templatetags.cluster_tags import alt_beside


def picture(alt):
    return SimpleNamespace(default_alt_text=alt)


def test_the_alt_text_is_empty_where_the_caption_says_it():
    assert alt_beside(picture("双鸭山市开展志愿服务活动"), "双鸭山市开展志愿服务活动") == ""
    assert alt_beside(picture(" 志愿服务 \n活动"), "双鸭山市开展志愿服务 活动（图）") == ""


def test_a_picture_that_says_more_than_its_caption_keeps_its_alt_text():
    assert alt_beside(picture("志愿者为社区老人测量血压"), "双鸭山市开展志愿服务活动") == "志愿者为社区老人测量血压"
    assert alt_beside(picture("志愿者为老人测量血压"), "") == "志愿者为老人测量血压"
    assert alt_beside(picture("志愿者为老人测量血压"), None) == "志愿者为老人测量血压"
    assert alt_beside(picture(""), "标题") == ""
    assert alt_beside(None, "标题") == ""
