"""The maintainer's live preview (`nox -s serve`): an edit reloads the open page, under the
site's own Content-Security-Policy, and the reload script is allowed in the preview only."""

from __future__ import annotations

import base64
import hashlib
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import copy_of_the_sources
from playwright.sync_api import Page, expect

from noxfile import preview_command


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory):
    """sphinx-autobuild serving a copy of docs/; yields (source folder, base URL)."""
    tmp_path = tmp_path_factory.mktemp("preview")
    source = copy_of_the_sources(tmp_path)
    port = free_port()
    command = preview_command(source, tmp_path / "out", port)
    command[0] = str(Path(sys.executable).with_name(command[0]))
    log = (tmp_path / "preview.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120  # the first build, on a busy machine
        while True:
            assert process.poll() is None, (tmp_path / "preview.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "preview.log").read_text()
                time.sleep(0.2)
        yield source, base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_an_edit_reloads_the_open_page(page: Page, preview):
    source, base = preview
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "index.html")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The reload socket is open before the edit.
    page.wait_for_function("() => typeof ws !== 'undefined' && ws.readyState === WebSocket.OPEN")
    index = source / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("## L’auteur et son approche", "## Titre modifié"), "utf-8")
    expect(page.get_by_role("heading", level=2, name="Titre modifié")).to_be_visible(timeout=90_000)
    assert errors == []


def policy_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find(
        "meta", attrs={"http-equiv": "Content-Security-Policy"}
    )["content"]


def test_only_the_preview_allows_its_reload_script(site, preview, page: Page):
    _, base = preview
    served = page.request.get(base + "index.html").text()
    # The script that sphinx-autobuild appends, and its hash as a policy writes it.
    (reload,) = [
        script.split("</script>")[0]
        for script in served.split("<script>")
        if "websocket-reload" in script.split("</script>")[0]
    ]
    digest = base64.b64encode(hashlib.sha256(reload.encode()).digest()).decode()
    allowed = f"'sha256-{digest}'"
    assert allowed in policy_of(served)
    published = (site / "index.html").read_text(encoding="utf-8")
    assert "websocket-reload" not in published
    assert allowed not in policy_of(published)
    assert "unsafe" not in policy_of(served)
