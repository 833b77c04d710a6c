"""serve answers the requests http.server refuses before any page is looked up (a URI too long, garbage, a method
other than GET or HEAD, too many headers, an HTTP version it does not speak) plainly, in the workspace's language;
and HEAD as GET without the body, so that `curl -I` works."""
from __future__ import annotations

import http.client
import socket

import pytest


def raw(server, request: bytes) -> str:
    """The whole answer to request, as sent, read until the server closes the connection."""
    with socket.create_connection(("127.0.0.1", server.server_port), timeout=60) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.decode("utf-8")


HOST = b"Host: 127.0.0.1\r\n"


@pytest.mark.parametrize("request_, status", [
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
    (b"GET / HTTP/1.1 extra words\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\n" + HOST + b"Content-Length: 0\r\n\r\n", 501),
    (b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(150)) + b"\r\n", 431),
    (b"GET / HTTP/9.9\r\n\r\n", 505),
    (b"GARBAGE\r\n\r\n", 400),
])
def test_a_refused_request_is_answered_plainly_in_the_workspace_language(server, request_, status):
    answer = raw(server, request_)
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith(f"HTTP/1.0 {status} ") and "text/plain; charset=utf-8" in head
    assert body == f"qmtool serve 无法处理此请求（HTTP {status}）：仅响应 HTTP/1.0 和 1.1 对预览页面的 GET 和 HEAD 请求"


def test_head_answers_as_get_without_the_body(server):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    try:
        connection.request("GET", "/")
        got = connection.getresponse()
        body = got.read()
        connection.request("HEAD", "/")
        head = connection.getresponse()
        assert head.status == got.status == 200
        assert head.getheader("Content-Length") == str(len(body)) and head.read() == b""
    finally:
        connection.close()
