"""The preview server: build, serve on 127.0.0.1, rebuild on every change, reload open pages.

The site is kept in memory exactly as the build would write it. As it sends an
HTML page, the server adds two things: a small script that reloads the page when
a rebuild finishes (by long-polling `/__edition__/version`), and, when the last
build failed, a panel listing the problems with their file and line over the
last good site, which stays browsable. The built site never holds either.
"""

from __future__ import annotations

import errno
import mimetypes
import threading
import time
import traceback
from dataclasses import dataclass, replace
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, unquote, urlsplit

from . import urls
from .errors import Diagnostic, EditionError, Location
from .cache import Cache
from .pipeline import Project, input_files, load_corpus, render_site, search_bundle
from .settings import PRINCIPLES_FILE
from .workers import Runner

PREFIX = "/__edition__/"
WATCHED = ("sources", "annotations", "templates", PRINCIPLES_FILE)
"""What the server watches under the project root (those that exist when it starts)."""
LONG_POLL_SECONDS = 25.0

RELOAD_SCRIPT = b"""\
(function () {
  var version = document.currentScript.getAttribute("data-version");
  function wait() {
    fetch("/__edition__/version?since=" + version, {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (now) { if (now.trim() !== version) { location.reload(); } else { wait(); } })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""


@dataclass(frozen=True, slots=True)
class State:
    """What the server shows: the last good site, and the result of the latest build."""

    version: int
    """Goes up by one with every build, good or bad: open pages reload when it changes."""
    site: dict | None
    """The last good site (site path → bytes), or None if no build has succeeded yet."""
    diagnostics: tuple[Diagnostic, ...]
    """What the latest build reported."""
    failed: bool
    """Whether the latest build failed (so `site` is older than the inputs)."""


class Preview:
    """Builds a project into memory, serves it, and rebuilds it when its inputs change."""

    def __init__(self, root: Path, port: int = 8000, report: Callable[[str], None] = print):
        self.project = Project(root.resolve())
        self.report = report
        self.state = State(0, None, (), False)
        self.changed = threading.Condition()
        self.stop_event = threading.Event()
        self.watching = threading.Event()
        self.indexed = threading.Event()
        """Set each time a search index has been made and is served."""
        self._indexing = threading.Lock()
        self._pages: dict | None = None
        self._pages_version = 0
        self._search: dict = {}
        try:
            self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
            raise EditionError([Diagnostic("serve.port-in-use", Location("--port"),
                                           f"port {port} of 127.0.0.1 is already in use.",
                                           f"stop the other preview, or choose another port: --port {port + 1}.")])
        self.server.daemon_threads = True
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def rebuild(self) -> State:
        """Build again; keep the last good site if this build fails; wake the pages waiting for a change.

        The pages are published first; the search index, slower to make, follows in the background
        (until then the previous index is served).
        """
        started = time.perf_counter()
        corpus = None
        try:
            cache = Cache(self.project.root)
            # One process: forking a server that runs threads could deadlock, and one cable needs no more.
            runner = Runner(1, cache, cache.file_digests(input_files(self.project)))
            corpus, warnings = load_corpus(self.project, runner=runner)
            pages = render_site(self.project, corpus, with_search=False, runner=runner)
            cache.prune()
            diagnostics, failed = tuple(warnings), False
        except EditionError as error:
            diagnostics, failed = error.diagnostics, True
        except Exception as crash:  # noqa: BLE001 - shown like bad input, so the preview stays up
            self.report(traceback.format_exc())
            failed = True
            diagnostics = (Diagnostic("internal.error", Location("edition/"),
                                      f"the generator crashed ({type(crash).__name__}: {crash}); "
                                      "this is a bug in the generator, not in your files.",
                                      "the full traceback is in the terminal."),)
        with self.changed:
            version = self.state.version + 1
            if not failed:
                self._pages, self._pages_version = pages, version
            site = {**self._pages, **self._search} if self._pages is not None else None
            self.state = State(version, site, diagnostics, failed)
            self.changed.notify_all()
        for diagnostic in diagnostics:
            self.report(diagnostic.format())
        elapsed = time.perf_counter() - started
        if failed:
            errors = sum(d.severity == "error" for d in diagnostics)
            self.report(f"build failed: {errors} error{'s' if errors != 1 else ''} ({elapsed:.2f} s); "
                        f"the preview shows them over the last good site.")
        else:
            self.report(f"built {len(self._pages)} pages and files in {elapsed:.2f} s")
            threading.Thread(target=self._index, args=(corpus, version), name="preview-search", daemon=True).start()
        return self.state

    def _index(self, corpus, version: int) -> None:
        """Make the search index of the pages of build `version` and serve it, unless newer pages came first."""
        with self._indexing:  # one at a time: a queued index for older pages is skipped
            if self._pages_version != version:
                return
            try:
                bundle = search_bundle(corpus)
            except Exception:  # noqa: BLE001 - the pages stay served; the terminal says why search is stale
                self.report("the search index could not be made:\n" + traceback.format_exc())
                return
            with self.changed:
                if self._pages_version == version:
                    self._search = bundle
                    self.state = replace(self.state, site={**self._pages, **bundle})
                    self.indexed.set()

    def watched(self) -> list[Path]:
        """Return the inputs to watch: those of `WATCHED` that exist."""
        return [self.project.root / name for name in WATCHED if (self.project.root / name).exists()]

    def start(self) -> None:
        """Serve and watch in background threads (after a first build)."""
        self.rebuild()
        watcher = threading.Thread(target=self._watch, name="preview-watch", daemon=True)
        watcher.start()
        self._threads.append(watcher)
        if not self.watching.wait(10):
            raise RuntimeError("the file watcher did not start within 10 s")
        server = threading.Thread(target=self.server.serve_forever, name="preview-http", daemon=True)
        server.start()
        self._threads.append(server)

    def stop(self) -> None:
        """Stop watching and serving, and release the port."""
        self.stop_event.set()
        with self.changed:
            self.changed.notify_all()
        if any(t.name == "preview-http" for t in self._threads):
            self.server.shutdown()  # waits for serve_forever, so only once it runs
        self.server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _watch(self) -> None:
        from watchfiles import watch

        paths = self.watched()
        if not paths:
            self.watching.set()
            return
        # Yielding on a timeout tells when the watches are in place, so that no early change is missed.
        for changes in watch(*paths, stop_event=self.stop_event, debounce=400, step=30,
                             rust_timeout=250, yield_on_timeout=True):
            self.watching.set()
            if changes:
                self.rebuild()

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Return the current version as soon as it differs from `since`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.state.version != since or self.stop_event.is_set(), timeout)
            return self.state.version

    def respond(self, path: str) -> tuple[int, str, bytes, dict]:
        """Return `(status, content type, body, headers)` for a request path of the site."""
        state = self.state
        if state.site is None:
            return 500, "text/html; charset=utf-8", self._inject(_error_page(state), state), {}
        name = unquote(path).lstrip("/")
        if not name or name.endswith("/"):
            name += "index.html"
        elif name not in state.site and f"{name}/index.html" in state.site:
            # Pages link relatively, so a folder's page must be seen at its address with the slash.
            return 301, "text/plain", b"", {"Location": f"/{name}/"}
        if name not in state.site:
            page = state.site.get(urls.not_found_page()) or _not_found(name)
            return 404, "text/html; charset=utf-8", self._inject(page, state), {}
        body = state.site[name]
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html":
            return 200, "text/html; charset=utf-8", self._inject(body, state), {}
        if kind.startswith("text/") or kind in ("application/json", "application/xml", "application/javascript"):
            kind += "; charset=utf-8"
        return 200, kind, body, {}

    def _inject(self, page: bytes, state: State) -> bytes:
        """Add the reload script, and the problems panel when the last build failed, before `</body>`."""
        extra = _panel(state.diagnostics).encode("utf-8") if state.failed else b""
        extra += f'<script src="{PREFIX}reload.js" data-version="{state.version}"></script>\n'.encode()
        at = page.lower().rfind(b"</body>")
        return page[:at] + extra + page[at:] if at >= 0 else page + extra


def _panel(diagnostics: tuple[Diagnostic, ...]) -> str:
    """Return the panel that lists the latest build's problems over the page."""
    errors = sum(d.severity == "error" for d in diagnostics)
    items = "".join(
        f'<li><code>{escape(str(d.location))}</code> <strong>{escape(d.severity)}[{escape(d.code)}]</strong>: '
        f'{escape(d.message)}{"<br><em>hint:</em> " + escape(d.hint) if d.hint else ""}</li>'
        for d in diagnostics)
    return ('<aside id="edition-build-problems" role="alert" style="position:fixed;inset:auto 1rem 1rem 1rem;'
            'max-height:60vh;overflow:auto;z-index:2147483647;background:#fff4f4;color:#400;'
            'border:3px solid #b00;padding:1rem;font:15px/1.45 system-ui,sans-serif;'
            'box-shadow:0 4px 24px rgba(0,0,0,.3)">'
            f'<details open><summary><strong>The build failed: {errors} error{"s" if errors != 1 else ""}.</strong> '
            'This page is the last good build; fix the files below and save, and it reloads.</summary>'
            f'<ol style="margin:.5rem 0 0;padding-left:1.5rem">{items}</ol></details></aside>\n')


def _error_page(state: State) -> bytes:
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head>"
            "<body><h1>The edition does not build yet</h1>"
            "<p>No build has succeeded since the preview started. Fix the problems listed, save, "
            "and this page reloads.</p>"
            + _panel(state.diagnostics) + "</body></html>").encode("utf-8")


def _not_found(name: str) -> bytes:
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>"
            f"<body><h1>Not found</h1><p>The site has no page <code>/{escape(name)}</code>. "
            f"<a href=\"/\">Go to the landing page.</a></p></body></html>").encode("utf-8")


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "edition-preview"

        def handle(self) -> None:
            """Serve the connection; a page closed or left while it waits for a reload is normal, not an error."""
            try:
                super().handle()
            except ConnectionError:  # BrokenPipeError, ConnectionResetError, ConnectionAbortedError
                self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            url = urlsplit(self.path)
            if url.path == PREFIX + "version":
                since = parse_qs(url.query).get("since", [""])[0]
                current = preview.state.version
                if since.isdigit():
                    current = preview.wait_for_change(int(since), LONG_POLL_SECONDS)
                self._send(200, "text/plain; charset=utf-8", str(current).encode(), {})
            elif url.path == PREFIX + "reload.js":
                self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT, {})
            else:
                self._send(*preview.respond(url.path))

        def _send(self, status: int, kind: str, body: bytes, headers: dict) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
            """Keep the terminal for build results, not one line per request."""

    return Handler


def serve(root: Path, port: int, report: Callable[[str], None] = print) -> None:
    """Run the preview until Ctrl-C."""
    preview = Preview(root, port, report)
    try:
        preview.start()
        report(f"previewing {preview.project.root} at {preview.url} (Ctrl-C to stop); watching "
               + ", ".join(p.relative_to(preview.project.root).as_posix() for p in preview.watched()))
        missing = [name for name in WATCHED[:3] if not (preview.project.root / name).exists()]
        if missing:
            report(f"not watched, as they do not exist yet: {', '.join(missing)}; restart the preview once they do.")
        while not preview.stop_event.wait(1.0):
            pass
    except KeyboardInterrupt:
        report("preview stopped.")
    finally:
        preview.stop()
