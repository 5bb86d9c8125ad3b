"""A built site served over HTTP on 127.0.0.1 while a block runs: for looking at a site as a reader would
(the browser tests, the benchmark's reader, screenshots). Not the preview: `make serve` is MkDocs' own."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # no line per request
        pass


@contextmanager
def served(site_dir: Path, handler=QuietHandler) -> Iterator[str]:
    """The site at `site_dir` served on 127.0.0.1 (a free port); yields its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
