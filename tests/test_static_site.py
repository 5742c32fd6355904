"""The static site (`make site`): the lessons on the Pyodide kernel, in Chromium, offline.

The site is served from _site/ on 127.0.0.1 by a plain static file server; the browser
may reach nothing else (every other host is refused twice: by Chromium's host resolver
and by Playwright routing, which records each attempt). A participant fills in the
profile, Python running in the browser answers, the plan survives a reload from browser
storage, and it can be downloaded and loaded again.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, LESSON_NAMES, axe_violations

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_site"
LESSON = "voici/render/00_start_here.html"
KERNEL_TIMEOUT_MS = 240_000  # Pyodide starts in each visitor's browser: slow on a busy machine
LOCAL = "127.0.0.1"
browser = pytest.mark.browser


# --- unit tests: where the plan is kept, and the build script's own checks ------------------------------
def test_plan_is_kept_in_the_browser_under_voila_and_in_pyodide(monkeypatch):
    from widgets import session

    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert not session.plan_kept_in_browser()
    monkeypatch.setattr(sys, "platform", "emscripten")
    assert session.plan_kept_in_browser()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k")
    assert session.plan_kept_in_browser()


def test_in_pyodide_the_first_session_uses_the_browser_store(monkeypatch):
    from widgets import session
    from widgets.browser_store import BrowserPlanStore

    monkeypatch.delenv("VOILA_BASE_URL", raising=False)
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(session, "_current", None)
    assert isinstance(session.current_session().store, BrowserPlanStore)


def _build_tool():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_site
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return build_site


def test_markers_and_versions_are_read_for_the_browser_kernel():
    build_site = _build_tool()
    assert build_site.marker_holds('sys_platform != "win32" and sys_platform != "emscripten"') is False
    assert build_site.marker_holds("python_version < '3.13'") is False
    assert build_site.marker_holds('python_version >= "3.11"') is True
    assert build_site.marker_holds('(python_version >= "3.12") and extra == "test"') is False
    assert build_site.marker_holds('"3.9" < python_version or os_name == "nt"') is True
    assert build_site.version_satisfies("4.0.16", "~=4.0.16")
    assert not build_site.version_satisfies("4.1.0", "~=4.0.16")
    assert build_site.version_satisfies("0.8.4", "<0.9.0,>=0.8.4")
    assert not build_site.version_satisfies("2025.2", ">=2025.3")
    with pytest.raises(build_site.BuildError):
        build_site.marker_holds('platform_release == "x"')


def test_the_lock_file_refuses_a_wheel_whose_dependency_is_not_shipped(tmp_path):
    build_site = _build_tool()
    needs = build_site.write_wheel(tmp_path / "needs-1.0-py3-none-any.whl", "needs", "1.0",
                                   {"needs/__init__.py": b""}, ["other>=2", "gone; sys_platform == 'win32'"],
                                   "test")
    old_other = build_site.write_wheel(tmp_path / "other-1.5-py3-none-any.whl", "other", "1.5",
                                       {"other.py": b""}, [], "test")
    with pytest.raises(build_site.BuildError, match="does not ship"):
        build_site.lock_file({"info": {}}, [needs])
    with pytest.raises(build_site.BuildError, match="ships other 1.5"):
        build_site.lock_file({"info": {}}, [needs, old_other])
    other = build_site.write_wheel(tmp_path / "other-2.0-py3-none-any.whl", "other", "2.0",
                                   {"other.py": b""}, [], "test")
    lock = build_site.lock_file({"info": {}}, [needs, other])
    assert lock["packages"]["needs"]["depends"] == ["other"]
    assert lock["packages"]["needs"]["imports"] == ["needs"]
    assert lock["packages"]["other"]["imports"] == ["other"]
    assert lock["packages"]["other"]["sha256"] == build_site.sha256_file(other)


def test_the_kit_wheel_imports_and_reads_its_data_without_the_repository(tmp_path):
    """In the kernel the kit is this wheel unpacked in site-packages: data/ must sit beside widgets/."""
    build_site = _build_tool()
    wheel = build_site.kit_wheel(tmp_path / "dist")
    site_packages = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site_packages)
    assert "widgets/browser_store.js" in names and "widgets/theme.css" in names
    assert {f"data/{p.name}" for p in (ROOT / "data").glob("*.csv")} <= set(names)
    assert not any("__pycache__" in n for n in names)
    assert build_site.kit_wheel(tmp_path / "again").read_bytes() == wheel.read_bytes()  # reproducible
    probe = ("import sys, widgets, widgets.data as d; print(widgets.__file__); print(d.data_dir()); "
             "print(sum(len(d.load_table(name)) for name in d.TABLES)); sys.exit(len(d.check_all()))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                            env={"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    module_file, data_dir, rows = result.stdout.split()
    assert Path(module_file).is_relative_to(site_packages)
    assert Path(data_dir) == site_packages / "data"
    assert int(rows) > 0


# --- the built site in Chromium ----------------------------------------------------------------------------
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a reload drops requests in flight
            super().handle_error(request, client_address)


@contextlib.contextmanager
def static_server(root: Path):
    """A plain static file server on a free port of 127.0.0.1, as any static host would be."""
    server = _QuietServer((LOCAL, 0), functools.partial(_QuietHandler, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def site_url():
    """`make site` (which skips the build when _site/ is current), then _site/ served on 127.0.0.1."""
    started = time.monotonic()
    result = subprocess.run(["make", "--no-print-directory", "site"], cwd=ROOT, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=1500)
    if result.returncode:
        pytest.fail(f"make site failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"\nmake site: {time.monotonic() - started:.0f} s")
    with static_server(SITE) as url:
        yield url


def is_heartbeat(url: str) -> bool:
    """JupyterLite's page asks its service worker every few seconds whether it runs; a
    request made before the worker controls the page reaches the static server, which has
    no such file (seen once in about 40 loads of a lesson, a console error and a 404)."""
    return urlparse(url).path.endswith("/api/service-worker-heartbeat")


@pytest.fixture
def offline_browser():
    """Chromium that can resolve and reach only 127.0.0.1; records whatever tried otherwise."""
    from playwright.sync_api import sync_playwright

    record = {"outside": [], "failed": [], "missing": [], "console_errors": [], "page_errors": [],
              "console": [], "page_load": 0}
    page_load_of = {}  # request -> which page load made it: a reload cancels the earlier ones

    def failed(request) -> None:
        if page_load_of.get(request, record["page_load"]) == record["page_load"]:
            record["failed"].append(f"{request.url} ({request.failure})")

    def route(route) -> None:
        url = route.request.url
        if urlparse(url).hostname == LOCAL or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            record["outside"].append(url)
            route.abort()

    def watch(page) -> None:
        page.on("console", lambda m: record["console"].append(f"{m.type}: {m.text}"))
        page.on("console", lambda m: m.type == "error" and not is_heartbeat(m.location.get("url", ""))
                and record["console_errors"].append(m.text))
        page.on("pageerror", lambda error: record["page_errors"].append(str(error)))
        page.on("websocket",
                lambda ws: urlparse(ws.url).hostname != LOCAL and record["outside"].append(ws.url))

    # Below the routing, at Chromium's network layer: no other name resolves, and anything not
    # for 127.0.0.1 (IP addresses too, service workers and web workers included) goes to a
    # proxy that is not there (port 9, discard).
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOCAL}",
            f"--proxy-server=http://{LOCAL}:9", "--proxy-bypass-list=<-loopback>;127.0.0.1"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        context = chromium.new_context(accept_downloads=True)
        context.route("**/*", route)
        context.on("page", watch)
        context.on("request", lambda r: page_load_of.__setitem__(r, record["page_load"]))
        context.on("request", lambda r: urlparse(r.url).hostname not in (LOCAL, None)
                   and not r.url.startswith(("data:", "blob:")) and record["outside"].append(r.url))
        context.on("requestfailed", failed)
        context.on("response", lambda r: r.status >= 400 and not is_heartbeat(r.url)
                   and record["missing"].append(f"{r.status} {r.url}"))
        try:
            yield context, record
        finally:
            context.close()
            chromium.close()


def open_lesson(page, url: str | None, record: dict, reload: bool = False) -> float:
    """Open the lesson, wait until its kernel has run it all and the plan is restored; seconds taken.
    With no ``url``, wait for the lesson the page is already on its way to (a link clicked).

    Waits up to KERNEL_TIMEOUT_MS, but stops at once if the page reports an error or tries
    to leave the machine, and then says what the page logged.
    """
    started = time.monotonic()
    record["page_load"] += 1
    if reload:
        page.reload(timeout=60_000)
    elif url is not None:
        page.goto(url, timeout=60_000)
    # Voici runs the cells in the browser and shows the page only after the last one: the plan
    # bar's ready mark exists (hidden) while the cells below it still run, so wait until it shows.
    while not page.locator(".ck-ready").first.is_visible():
        trouble = record["outside"] or record["page_errors"] or record["console_errors"] or record["missing"]
        if trouble or time.monotonic() - started > KERNEL_TIMEOUT_MS / 1000:
            log = "\n  ".join(record["console"][-25:])
            pytest.fail(f"{url or page.url} not ready after {time.monotonic() - started:.0f} s; "
                        f"trouble: {trouble}\n"
                        f"page text: {page.inner_text('body')[-600:]!r}\nconsole:\n  {log}")
        page.wait_for_timeout(500)
    return time.monotonic() - started


@browser
def test_lesson_runs_offline_keeps_the_plan_in_the_browser_and_loads_nothing_else(
        site_url, offline_browser, tmp_path):
    context, record = offline_browser
    page = context.new_page()
    lesson = f"{site_url}/{LESSON}"

    first_load = open_lesson(page, lesson, record)
    assert "Nothing saved yet" in page.inner_text("body")
    # How to run a code cell and the instructors' notes are JupyterLab's, as in a dashboard.
    assert "How to work through a lesson" in page.inner_text("body")
    assert "Shift + Enter" not in page.inner_text("body")
    assert "For instructors" not in page.inner_text("body")
    assert "this browser only" in page.inner_text("body")  # the browser store, not a file in Pyodide

    name = page.get_by_label("Name or nickname")
    name.fill("Robin Static")
    page.get_by_label("Field of interest").select_option(label="Data and analytics")
    # The sentence is made by the kit's Python, running in this browser.
    page.get_by_text("Robin Static: interested in data and analytics.").wait_for(timeout=30_000)
    page.get_by_text("Your plan is saved as you go").wait_for(timeout=30_000)

    reload_time = open_lesson(page, lesson, record, reload=True)
    assert page.get_by_label("Name or nickname").input_value() == "Robin Static"
    page.get_by_text("Robin Static: interested in data and analytics.").wait_for(timeout=30_000)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my plan").click()
    saved = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert saved["sections"]["profile"]["name"] == "Robin Static"
    assert saved["sections"]["profile"]["field"] == "data"

    saved["sections"]["profile"]["name"] = "Kim Uploaded"
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(saved), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=re.compile("Load a plan")).click()
    chooser.value.set_files(plan_file)
    page.get_by_role("button", name="Yes, load “plan.json”").click()  # over a plan with work
    page.get_by_text("Loaded your plan from “plan.json”").wait_for(timeout=30_000)
    page.get_by_text("Kim Uploaded: interested in data and analytics.").wait_for(timeout=30_000)
    assert page.get_by_label("Name or nickname").input_value() == "Kim Uploaded"

    print(f"\nfirst load {first_load:.1f} s, reload {reload_time:.1f} s")
    assert_nothing_left_the_machine(record)


@browser
def test_lesson_03_reads_the_data_files_in_the_browser(site_url, offline_browser):
    """The CSV files travel inside the kit's wheel; the explorer counts what it read there.
    The lesson is opened from the site's home page: the dashboards' list of lessons (Voici's
    own was a file browser that logged an error for anywidget)."""
    from widgets.data import load_table

    rows = load_table("certifications")
    security = [row for row in rows if row["field"] == "security"]
    context, record = offline_browser
    page = context.new_page()
    # From the site's home page, as a participant given its address would come (one who
    # asked for the dark theme, which the lesson keeps).
    page.goto(f"{site_url}/?theme=dark", timeout=60_000)
    lessons = page.get_by_role("navigation", name="Lessons").get_by_role("link")
    assert lessons.all_inner_texts() == LESSON_NAMES
    lessons.filter(has_text="03 Certifications").click()
    took = open_lesson(page, None, record)
    assert page.url == f"{site_url}/voici/render/03_certifications.html?theme=dark"
    assert page.locator("body").get_attribute("data-jp-theme-light") == "false"
    page.get_by_text(f"Showing {len(rows)} of {len(rows)} certifications.").wait_for(timeout=30_000)
    page.get_by_label("Field", exact=True).select_option(label="Security")
    page.get_by_text(f"Showing {len(security)} of {len(rows)} certifications.").wait_for(timeout=30_000)
    assert security[0]["name"] in page.locator("table.ck-table").first.inner_text()
    assert axe_violations(page) == []  # as on the dashboards (test_browser_accessibility.py)
    print(f"\nlesson 03 ready in {took:.1f} s")
    assert_nothing_left_the_machine(record)


@browser
def test_over_plain_http_from_another_machine_a_lesson_starts_without_a_service_worker(site_url):
    """Served by another machine over plain http:// (a school's web space, a laptop on the
    room's network), a page is not a secure context and has no service workers: JupyterLite
    waited for one for good, and the lesson stayed at "Running…" (240 s seen)."""
    from playwright.sync_api import sync_playwright

    host = "kit-host.test"  # another machine, as the browser sees it
    port = urlparse(site_url).port
    record = {"outside": [], "failed": [], "missing": [], "console_errors": [], "page_errors": [],
              "console": [], "page_load": 0}
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {host} {LOCAL}, MAP * ~NOTFOUND"]
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        try:
            page = chromium.new_page()
            page.on("console", lambda m: record["console"].append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda error: record["page_errors"].append(str(error)))
            page.on("request", lambda r: urlparse(r.url).hostname not in (host, None)
                    and not r.url.startswith(("data:", "blob:")) and record["outside"].append(r.url))
            took = open_lesson(page, f"http://{host}:{port}/{LESSON}", record)
            assert page.evaluate("[isSecureContext, 'serviceWorker' in navigator]") == [False, False]
            page.get_by_label("Name or nickname").fill("Sam Plain")
            page.get_by_label("Field of interest").select_option(label="Data and analytics")
            page.get_by_text("Sam Plain: interested in data and analytics.").wait_for(timeout=30_000)
            print(f"\nready in {took:.1f} s over plain http from another host")
        finally:
            chromium.close()
    assert record["outside"] == [] and record["page_errors"] == []


def test_the_file_browsers_address_shows_the_home_page_too(site_url):
    """voici/ (where a shortened lesson address leads) opened Voici's file browser, which
    logged an error for anywidget."""
    import urllib.parse
    import urllib.request

    tree = f"{site_url}/voici/tree/index.html"
    page = urllib.request.urlopen(tree, timeout=30).read().decode()
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', page)
    assert [name for _href, name in links] == LESSON_NAMES
    for href, _name in links:
        assert urllib.request.urlopen(urllib.parse.urljoin(tree, href), timeout=30).status == 200


def assert_nothing_left_the_machine(record: dict) -> None:
    assert record["outside"] == [], f"requests to other hosts: {record['outside']}"
    assert record["failed"] == [], f"failed requests: {record['failed']}"
    assert record["missing"] == [], f"files missing from the site: {record['missing']}"
    assert record["page_errors"] == [], f"uncaught errors: {record['page_errors']}"
    load_errors = [m for m in record["console_errors"]
                   if any(word in m.lower() for word in ("fail", "load", "fetch", "404", "net::", "cdn"))]
    assert load_errors == [], f"console errors about loading: {load_errors}"
