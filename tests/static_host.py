"""How the tests and ``tests/perf.py`` serve a built site and start Chromium.

The site is served over loopback as GitHub Pages serves it: text compressed with gzip, and the
404 page for any missing path. Chromium is Debian's when installed, otherwise Playwright's, and
runs with its background traffic off (the machine's network is closed).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

CHROMIUM_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".xml", ".txt"}


def system_chromium() -> str | None:
    return shutil.which("chromium")


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text, and the 404 page for any missing path."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path /= "index.html"
        missing = not path.is_file()
        if missing:
            path = Path(self.directory, "404.html")
        body = path.read_bytes()
        self.send_response(404 if missing else 200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The browser may drop a request it no longer needs (Lighthouse does): not an error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yield its base URL (no trailing slash)."""
    handler = functools.partial(StaticHost, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
