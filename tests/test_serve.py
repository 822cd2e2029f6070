"""`python build.py serve`: preview on 127.0.0.1, rebuilt on every change, problems shown in the page."""

from __future__ import annotations

import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import CABLE, ROOT, copy_project
from edition import serve
from edition.serve import Preview

PAGE = f"documents/{CABLE}/"
NOTES = f"annotations/notes/{CABLE}.yaml"
NOTE = """\
notes:
  - id: rhee-release
    quote: Syngman Rhee released POWs
    body: {body}
"""
WAIT = 10.0
"""The longest any test waits for a rebuild, in seconds."""


def get(url: str) -> tuple[int, str, dict]:
    """Return status, text and headers of a GET, without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


def version(preview: Preview) -> int:
    return int(get(preview.url + "__edition__/version")[1])


def wait_for_build(preview: Preview, since: int) -> int:
    """Long-poll as the page's script does, until a build after `since` is served (bounded)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        now = int(get(f"{preview.url}__edition__/version?since={since}")[1])
        if now != since:
            return now
    raise AssertionError(f"no rebuild within {WAIT} s")


@pytest.fixture
def preview(tmp_path):
    """A preview of a copy of the cable with one note, on a free port."""
    root = copy_project(tmp_path / "project")
    (root / NOTES).parent.mkdir(parents=True)
    (root / NOTES).write_text(NOTE.format(body="About 27,000 prisoners left the camps."), encoding="utf-8")
    messages: list[str] = []
    server = Preview(root, 0, report=messages.append)
    server.messages = messages
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_preview_serves_the_site_with_the_reload_script(preview, tmp_path):
    """Pages are served with the reload script; the site `build` writes never contains it."""
    status, page, headers = get(preview.url + PAGE)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "About 27,000 prisoners left the camps." in page
    assert '<script src="/__edition__/reload.js" data-version="1"></script>' in page
    assert "location.reload()" in get(preview.url + "__edition__/reload.js")[1]
    out = tmp_path / "site"
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(preview.project.root),
                            "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    assert not any("__edition__" in p.read_text(encoding="utf-8", errors="replace")
                   for p in out.rglob("*") if p.is_file())


def test_folder_addresses_and_missing_pages(preview):
    """A folder address without its slash is redirected (pages link relatively); unknown paths are 404."""
    status, _, headers = get(preview.url + PAGE.rstrip("/"))
    assert status == 301 and headers["Location"] == "/" + PAGE
    assert get(preview.url + "no/such/page.html")[0] == 404


def test_editing_a_note_rebuilds_and_the_page_shows_it(preview):
    """Saving a note rebuilds the site, and the page then shows the new text."""
    before = version(preview)
    (preview.project.root / NOTES).write_text(NOTE.format(body="Released on 18 June 1953."), encoding="utf-8")
    assert wait_for_build(preview, before) > before
    page = get(preview.url + PAGE)[1]
    assert "Released on 18 June 1953." in page and "About 27,000" not in page
    assert "edition-build-problems" not in page


def test_a_bad_edit_keeps_the_last_good_site_and_shows_the_problem(preview):
    """A note whose quote is not in the text: the page stays, with the error and its file:line:col over it."""
    before = version(preview)
    broken = NOTE.format(body="A new body.").replace("released POWs", "freed POWs")
    (preview.project.root / NOTES).write_text(broken, encoding="utf-8")
    wait_for_build(preview, before)
    status, page, _ = get(preview.url + PAGE)
    assert status == 200
    assert "About 27,000 prisoners left the camps." in page
    assert 'id="edition-build-problems"' in page
    assert f"{NOTES}:3:12" in page and "error[anchor.not-found]" in page
    assert any(f"{NOTES}:3:12: error[anchor.not-found]" in m for m in preview.messages)
    assert any(m.startswith("build failed: 1 error") for m in preview.messages)
    fixed = version(preview)
    (preview.project.root / NOTES).write_text(NOTE.format(body="A new body."), encoding="utf-8")
    wait_for_build(preview, fixed)
    page = get(preview.url + PAGE)[1]
    assert "A new body." in page and "edition-build-problems" not in page


def test_a_project_that_never_built_shows_its_problems(tmp_path):
    """With no good build yet, every address answers with the list of problems."""
    root = copy_project(tmp_path / "project")
    (root / NOTES).parent.mkdir(parents=True)
    (root / NOTES).write_text("notes:\n  - id: x\n    quote: [\n", encoding="utf-8")
    server = Preview(root, 0, report=lambda message: None)
    server.start()
    try:
        status, page, _ = get(server.url + PAGE)
        assert status == 500
        assert "The edition does not build yet" in page and f"{NOTES}:" in page and "yaml.bracket" in page
    finally:
        server.stop()


def test_a_note_edit_shows_in_the_page_in_under_a_second(preview):
    """From saving a note to the reloaded page showing it takes less than a second on the cable."""
    timings = []
    for attempt in range(5):
        # As an editor reads the page before the next edit, the search index of the last build is done.
        assert preview.indexed.wait(WAIT)
        preview.indexed.clear()
        before = version(preview)
        started = time.perf_counter()
        body = f"Timed edit number {attempt}."
        (preview.project.root / NOTES).write_text(NOTE.format(body=body), encoding="utf-8")
        wait_for_build(preview, before)
        page = get(preview.url + PAGE)[1]
        timings.append(time.perf_counter() - started)
        assert body in page
    # The best of five: the time the preview needs, not the time other programs took from it.
    assert min(timings) < 1.0, timings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_command_runs_until_interrupted(tmp_path):
    """`python build.py serve --port N` answers on 127.0.0.1:N and stops cleanly on Ctrl-C."""
    root = copy_project(tmp_path / "project")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve",
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                status, page, _ = get(f"http://127.0.0.1:{port}/")
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "the preview did not start"
                time.sleep(0.1)
        assert status == 200 and "/__edition__/reload.js" in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out and "preview stopped." in out


def test_a_port_in_use_is_explained(tmp_path):
    """A port already taken is a one-line problem with a hint (exit 1), not a crash."""
    root = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve",
                                 "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"error[serve.port-in-use]: port {port} of 127.0.0.1 is already in use." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_page_closed_while_it_waits_for_a_reload_prints_nothing(preview, capfd, monkeypatch):
    """Closing a tab or leaving a page while it waits for a reload is normal: no traceback, and the preview
    goes on serving."""
    monkeypatch.setattr(serve, "LONG_POLL_SECONDS", 0.5)
    since = version(preview)
    port = preview.server.server_address[1]
    # Gone before its request is read, and gone while the server holds the request open.
    for pause in (0.0, 0.2):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(f"GET /__edition__/version?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(pause)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, as a closed tab
        client.close()
    time.sleep(1.0)  # the long-poll ends, and the answer meets the closed connection
    assert get(preview.url + PAGE)[0] == 200
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out
    assert "Error" not in printed.err + printed.out
