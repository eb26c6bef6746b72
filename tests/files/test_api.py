"""The admin API's image and document endpoints answer only what the user may choose."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(image, document):
    # Another site's files first, so a filter that takes the first or last one cannot pass.
    return {
        "youyi_image": image("youyi", title="友谊县图片"),
        "youyi_document": document("youyi", title="友谊县文件"),
        "jixian_image": image("jixian", title="集贤县图片"),
        "jixian_document": document("jixian", title="集贤县文件"),
    }


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_listing_holds_only_the_users_collections(client, staff, media, kind):
    client.force_login(staff("jixian"))
    response = client.get(f"/admin/api/main/{kind}/?fields=*")
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == [media[f"jixian_{kind[:-1]}"].title]
    assert "友谊县" not in response.content.decode()


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_another_sites_file_is_not_found_by_id(client, staff, media, kind):
    client.force_login(staff("jixian"))
    other = media[f"youyi_{kind[:-1]}"]
    for url in (f"/admin/api/main/{kind}/{other.pk}/", f"/admin/api/main/{kind}/find/?id={other.pk}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "友谊县" not in response.content.decode()
        assert other.file.name not in response.content.decode()
    own = media[f"jixian_{kind[:-1]}"]
    assert client.get(f"/admin/api/main/{kind}/{own.pk}/").json()["title"] == own.title


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_reviewers_and_translators_see_no_other_sites_files(client, staff, translator, media, kind):
    for user in (staff("jixian", "final_review"), translator):
        client.force_login(user)
        titles = {item["title"] for item in client.get(f"/admin/api/main/{kind}/").json()["items"]}
        assert not titles & {"友谊县图片", "友谊县文件"}


def test_superuser_sees_every_sites_files(admin_client, media):
    titles = {item["title"] for item in admin_client.get("/admin/api/main/images/").json()["items"]}
    assert {"友谊县图片", "集贤县图片"} <= titles
