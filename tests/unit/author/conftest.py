"""A preview server over a zh-Hans workspace, in this process, for the tests of what serve answers."""
from __future__ import annotations

import threading

import pytest

from qmtool.author import serve
from tests.helpers import edit_first as edit


@pytest.fixture
def server(workspace):
    edit(workspace, "language: en", "language: zh-Hans", name="manual.yaml")
    running = serve.make_server(workspace, 0)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield running
    running.shutdown()
    running.server_close()
