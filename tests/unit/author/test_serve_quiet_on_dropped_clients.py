"""serve takes a client that hangs up mid-answer (a browser navigating away) as nothing worth a word, and says
a request that failed by its own fault whole, in one piece."""
from __future__ import annotations

import http.client
import socket
import struct
import threading
import time

import pytest

from qmtool.author import serve

# Every kind of answer the preview writes: the index, a page, the version, a source, the refused host.
PATHS = ["/", "/QP-01.html", "/_version", "/_source/procedures/QP-01-demo.yaml", "/nope"]


@pytest.fixture
def logged():
    return []


@pytest.fixture
def server(workspace, logged):
    running = serve.make_server(workspace, 0, log=logged.append)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()


def drop(port: int, path: str, host: str) -> None:
    """A GET, then gone at once: SO_LINGER 0 makes the close a reset, so the answer meets a dead socket."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as client:
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())


def answering() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if "process_request_thread" in t.name]


def test_clients_that_hang_up_leave_no_traceback(server, logged, capfd):
    port = server.server_port
    clients = [threading.Thread(target=drop, args=(port, path, host))
               for _ in range(40) for path in PATHS for host in (f"127.0.0.1:{port}", "elsewhere.example")]
    for client in clients:
        client.start()
    for client in clients:
        client.join(60)
    deadline = time.monotonic() + 120
    while answering() and time.monotonic() < deadline:  # every answer written (or not) before stderr is read
        time.sleep(0.05)
    assert not answering()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
    assert connection.getresponse().status == 200  # still serving
    connection.close()
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Connection" not in err and err == ""
    assert logged == []


def test_a_request_that_fails_by_a_fault_is_logged_whole_once(server, logged, monkeypatch, capfd):
    def broken(self):
        raise RuntimeError("a fault of the preview's")

    monkeypatch.setattr(serve.Preview, "index", broken)
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
    connection.request("GET", "/", headers={"Host": f"127.0.0.1:{server.server_port}"})
    with pytest.raises(http.client.RemoteDisconnected):
        connection.getresponse()
    connection.close()
    deadline = time.monotonic() + 60
    while not logged and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(logged) == 1
    assert logged[0].startswith("a request from 127.0.0.1:") and "Traceback" in logged[0]
    assert logged[0].rstrip().endswith("RuntimeError: a fault of the preview's")
    assert capfd.readouterr().err == ""  # said through log only, not printed by the library
