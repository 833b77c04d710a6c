"""serve answers in the workspace's language: a file or document it has not, a path it does not serve, a
request for another host."""
from __future__ import annotations

import http.client

import pytest

from tests.helpers import edit_first as edit


def get(server, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{server.server_port}"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


@pytest.mark.parametrize("path, said", [
    ("/_source/nope.yaml", "nope.yaml：工作区中没有此文件"),
    ("/_source/../../etc/passwd", "：工作区中没有此文件"),
    ("/QP-99.html", "QP-99：工作区中没有此文件编号"),
    ("/nope", "未找到该页面"),
    ("/favicon.ico", "未找到该页面"),
])
def test_what_is_not_there_is_said_in_the_workspace_language(server, path, said):
    status, text = get(server, path)
    assert status == 404 and said in text
    assert "no such" not in text and "not found" not in text


def test_another_host_is_refused_in_the_workspace_language(server):
    status, text = get(server, "/", host="attacker.example:80")
    assert status == 400 and text == "qmtool serve 只响应 127.0.0.1 和 localhost 的访问"


def test_the_language_follows_the_manual_as_it_is_edited(server, workspace):
    edit(workspace, "language: zh-Hans", "language: en", name="manual.yaml")
    assert get(server, "/nope") == (404, "not found")
    assert "nope.yaml: no such file in the workspace" in get(server, "/_source/nope.yaml")[1]
