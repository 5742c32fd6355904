"""The production dashboard configuration (voila.json and the kit's page template),
checked over HTTP and in Chromium against running Voila servers."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ctypes
import functools
import gc
import gzip
import json
import linecache
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path
from types import SimpleNamespace

import nbformat
import psutil
import pytest
from tornado.websocket import WebSocketClosedError, websocket_connect

from tests.browser import (
    LESSON_NAMES,
    VoilaServer,
    free_port,
    open_lesson,
    run_in_own_loop,
    stop_process,
    voila_kernels,
    wait_until_answering,
    wait_until_restored,
)
from widgets import serving
from widgets.serving import ClassroomKernelManager

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
NAME_FIELD = "Name or nickname"
PIDFD_GETFD = 438  # the system call's number on x86_64 and aarch64


def request(url: str, **headers: str):
    """Status, headers and body of a GET with these request headers."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def fetch(url: str) -> tuple[int, str]:
    status, _headers, body = request(url)
    return status, body.decode("utf-8", "replace")


def extension_scripts(page: bytes) -> list[str]:
    """The widget extensions' entry scripts a lesson page loads (its script asks for them)."""
    config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                  page.decode(), flags=re.S).group(1))
    return [f"/voila/labextensions/{extension['name']}/{extension['load']}"
            for extension in config["federated_extensions"]]


def kernel_of_a_new_page(server: VoilaServer, notebook: str) -> str:
    """Ask for a lesson page as a browser would (without connecting to its kernel): the
    id of the kernel the server gave it."""
    status, page = fetch(f"{server.url}/voila/render/{notebook}")
    assert status == 200
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)


def make_site(tmp_path: Path, notebooks: dict[str, list[str]], files: dict[str, bytes]) -> Path:
    """A folder laid out like the repository: voila.json plus notebooks/ to serve."""
    shutil.copy(ROOT / "voila.json", tmp_path / "voila.json")
    (tmp_path / "notebooks").mkdir()
    for name, cells in notebooks.items():
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                           "language": "python"}
        nbformat.write(notebook, tmp_path / "notebooks" / name)
    for name, content in files.items():
        (tmp_path / "notebooks" / name).write_bytes(content)
    return tmp_path


def test_lesson_page_has_no_source_and_loads_nothing_from_elsewhere(voila_url, browser_context):
    status, html = fetch(f"{voila_url}/voila/render/00_start_here.ipynb")
    assert status == 200
    assert "widgets.plan_bar()" not in html and "import widgets" not in html
    assert "cdn.jsdelivr.net" not in html
    # A tab, a bookmark and a screen reader name the page by the lesson, not its file.
    assert "<title>Welcome: internships and certifications</title>" in html

    page = browser_context.new_page()
    elsewhere, script_errors = [], []
    page.on("request", lambda request: None if request.url.removeprefix("blob:").startswith(voila_url)
            or request.url.startswith("data:") else elsewhere.append(request.url))
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    open_lesson(page, voila_url, "00_start_here.ipynb")
    assert elsewhere == []
    # The page's own script (the reconnect watchdog) runs with the production settings:
    # it once rendered an empty limit there, a syntax error that switched it off.
    assert script_errors == []
    # Icons (an ipywidgets button's `icon`) come from the server's own copy of Font Awesome:
    # an icon put in the page takes its font.
    icon_font = page.evaluate("""() => {
        const icon = document.createElement('i');
        icon.className = 'fa fa-upload';
        document.body.appendChild(icon);
        return getComputedStyle(icon, '::before').fontFamily;
    }""")
    assert "Font Awesome" in icon_font


def test_no_lesson_page_loads_anything_from_elsewhere(voila_url, browser_context):
    """Every lesson, not only the first: an image in a lesson's text, or a tool's front
    end, could fetch from another host (tried: an image on example.org in lesson 07)."""
    elsewhere = []
    for notebook in sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")):
        page = browser_context.new_page()
        page.on("request", lambda request, notebook=notebook: None
                if request.url.removeprefix("blob:").startswith(voila_url)
                or request.url.startswith("data:") else elsewhere.append((notebook, request.url)))
        open_lesson(page, voila_url, notebook)
        page.wait_for_timeout(500)  # requests a page makes once its widgets are shown
        page.close()
    assert elsewhere == []


def test_the_home_page_lists_the_lessons_in_order_and_loads_nothing_from_elsewhere(
        voila_url, browser_context):
    """Voila's own list page named the files ("02_internship_types_and_costs.ipynb"),
    linked Font Awesome from a public CDN and ran a file browser."""
    status, html = fetch(f"{voila_url}/")
    assert status == 200 and "://" not in html
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', html)
    assert [name for _href, name in links] == LESSON_NAMES
    map_of_lessons = (ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    assert all(name in map_of_lessons for name in LESSON_NAMES)  # as lesson 00 names them
    for href, _name in links:
        assert fetch(f"{voila_url}{href}")[0] == 200, href

    page = browser_context.new_page()
    elsewhere = []
    page.on("request", lambda request: None if request.url.removeprefix("blob:").startswith(voila_url)
            or request.url.startswith("data:") else elsewhere.append(request.url))
    page.goto(f"{voila_url}/")
    page.get_by_role("navigation", name="Lessons").get_by_role("link", name="03 Certifications").click()
    wait_until_restored(page)
    assert page.url == f"{voila_url}/voila/render/03_certifications.ipynb"
    assert elsewhere == []


def test_the_home_page_opens_folders_and_names_other_notebooks_by_their_file(tmp_path):
    """As a Jupyter server extension (Binder, JupyterHub) the list starts one folder above
    the lessons: a folder must be a link, or the page would be empty."""
    site = make_site(tmp_path, {"02_costs_and_pay.ipynb": ["1"], "scratch #1.ipynb": ["1"]}, {})
    (site / "notebooks" / "more").mkdir()
    nbformat.write(nbformat.v4.new_notebook(), site / "notebooks" / "more" / "08_SQL_and_APIs.ipynb")
    with VoilaServer(site, template_root=ROOT, extra_args=["--VoilaConfiguration.preheat_kernel=False"]) \
            as server:
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', fetch(f"{server.url}/")[1])
        assert links == [("/voila/render/02_costs_and_pay.ipynb", "02 Costs and pay"),
                         ("/voila/tree/more", "Folder: more"),
                         ("/voila/render/scratch%20%231.ipynb", "scratch #1.ipynb")]
        assert fetch(f"{server.url}{links[2][0]}")[0] == 200  # a "#" in a name ended the link
        inside = re.findall(r'<a href="([^"]+)">([^<]+)</a>', fetch(f"{server.url}/voila/tree/more")[1])
        assert inside == [("/voila/tree", "Up one folder"),
                          ("/voila/render/more/08_SQL_and_APIs.ipynb", "08 SQL and APIs")]


def test_on_binder_the_server_extension_serves_the_kits_pages(browser_context):
    """Binder runs `start` (the repository's), then a Jupyter server in the repository,
    with Voila as its extension and no JUPYTER_PATH: the kit's template was not found,
    and the home page and every lesson failed (TemplateNotFound). Inside a Jupyter
    server Voila's page settings also named MathJax on a public CDN, which every lesson
    page then fetched."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "JUPYTER_PATH"}
    # Binder's environment has no link to the template (`make install` makes it here).
    started_with = subprocess.run([str(ROOT / "start"), "env"], env=env, capture_output=True,
                                  text=True, check=True).stdout.splitlines()
    assert f"JUPYTER_PATH={ROOT / 'share' / 'jupyter'}" in started_with
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"binder-like-{port}.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(ROOT / "start"), str(Path(sys.executable).parent / "jupyter"), "server",
             "--allow-root", "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
             "--ServerApp.port_retries=0", "--IdentityProvider.token=", f"--ServerApp.root_dir={ROOT}"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_answering(server, f"{url}/api", 60, f"jupyter server (see {log})")
            status, home = fetch(f"{url}/voila/tree")
            assert status == 200 and ">Folder: notebooks</a>" in home
            status, lessons = fetch(f"{url}/voila/tree/notebooks")
            assert status == 200 and ">00 Start here</a>" in lessons and "://" not in lessons
            status, page = fetch(f"{url}/voila/render/notebooks/00_start_here.ipynb")
            assert status == 200 and "ck-reconnect" in page  # the kit's page, not Voila's
            lesson = browser_context.new_page()
            elsewhere = []
            lesson.on("request", lambda request: None
                      if request.url.removeprefix("blob:").startswith(url)
                      or request.url.startswith("data:") else elsewhere.append(request.url))
            lesson.goto(f"{url}/voila/render/notebooks/02_internship_types_and_costs.ipynb")
            wait_until_restored(lesson)
            lesson.wait_for_timeout(500)  # requests a page makes once its widgets are shown
            assert elsewhere == []
        finally:
            stop_process(server, signal.SIGTERM)


def test_voila_typed_by_hand_finds_the_kits_template():
    """`make install` links the kit's page template where the environment's Voila looks
    for templates: `.venv/bin/voila notebooks/` typed in the kit's folder, with no
    JUPYTER_PATH, answered every page with a server error (TemplateNotFound)."""
    with VoilaServer(ROOT, template_as_installed=True) as server:
        status, page = fetch(f"{server.url}/voila/render/00_start_here.ipynb")
    assert status == 200, "the kit's template is not linked into this environment: run make install"
    assert "ck-reconnect" in page  # the kit's page, not Voila's


def test_only_images_are_served_as_files(tmp_path):
    files = {"logo.png": b"\x89PNG\r\n\x1a\nimage", "helper.py": b"SECRET_PY = 1",
             "rows.csv": b"SECRET_CSV,1", "settings.json": b'{"SECRET_JSON": 1}',
             "my-career-plan.json": b'{"SECRET_PLAN": 1}'}
    site = make_site(tmp_path, {"lesson.ipynb": ["print('SECRET_SOURCE')"]}, files)
    with VoilaServer(site, template_root=ROOT, extra_args=["--VoilaConfiguration.preheat_kernel=False"]) \
            as server:
        assert fetch(f"{server.url}/voila/files/logo.png")[0] == 200
        for name in ["helper.py", "rows.csv", "settings.json", "my-career-plan.json", "lesson.ipynb",
                     "../voila.json"]:
            status, body = fetch(f"{server.url}/voila/files/{name}")
            assert status >= 400, name
            assert "SECRET" not in body, name


def test_a_lesson_that_raises_shows_a_friendly_message_and_goes_on(tmp_path):
    cells = ["import widgets", "raise ValueError('internal detail 4711')",
             "widgets.profile_form()"]
    site = make_site(tmp_path, {"broken.ipynb": cells}, {})
    with VoilaServer(site, template_root=ROOT) as server:
        status, html = fetch(f"{server.url}/voila/render/broken.ipynb")
        assert status == 200
        assert "could not be shown" in html and "plan is safe" in html
        assert "4711" not in html and "Traceback" not in html
        assert "application/vnd.jupyter.widget-view+json" in html  # later cells still ran
    assert "4711" in server.log_path.read_text()  # the details go to the server log


def test_closing_a_tab_ends_its_kernel(voila_url, browser_context):
    page = browser_context.new_page()
    open_lesson(page, voila_url, "00_start_here.ipynb")
    kernel_id = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data')"
                              ".textContent).kernelId")
    page.goto("about:blank")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        status, body = fetch(f"{voila_url}/voila/api/kernels/{kernel_id}")
        if status == 404:
            break
        time.sleep(0.5)
    assert status == 404, f"kernel {kernel_id} still running: {body[:200]}"


@pytest.fixture(scope="module")
def quick_server(tmp_path_factory):
    """Voila with the production settings but short cull and reconnect timeouts."""
    site = make_site(tmp_path_factory.mktemp("quick"), {}, {})
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", site / "notebooks")
    args = ["--MappingKernelManager.cull_idle_timeout=3", "--MappingKernelManager.cull_interval=1",
            '--VoilaConfiguration.resources={"kit_connect_limit_ms": 6000}']
    with VoilaServer(site, template_root=ROOT, extra_args=args) as server:
        yield server


def test_pooled_kernel_idle_past_the_cull_timeout_still_serves_its_page(quick_server, chromium):
    """voila-notes: a pooled kernel older than the cull timeout was culled right after
    a page took it, and the page hung. The kit's kernel manager waits for the page."""
    deadline = time.monotonic() + 60
    while "is filled with 1 kernel" not in quick_server.log_path.read_text() \
            and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(6)  # the pooled kernel is now idle for twice the cull timeout
    context = chromium.new_context()
    try:
        page = context.new_page()
        open_lesson(page, quick_server.url, "00_start_here.ipynb")
        time.sleep(4)  # several cull rounds while the page is open and connected
        page.get_by_label(NAME_FIELD).fill("Still here")
        page.get_by_label("Field of interest").select_option(label="Engineering")
        page.get_by_text("Still here: interested in engineering").wait_for(timeout=15_000)
    finally:
        context.close()


async def connect_pages(server: VoilaServer, kernel_ids: list[str]) -> list:
    """Open each kernel's websocket as its page does; the caller closes them."""
    return [await websocket_connect(f"ws://127.0.0.1:{server.port}/api/kernels/{kernel_id}"
                                    f"/channels?session_id=page-{kernel_id}")
            for kernel_id in kernel_ids]


def test_a_pool_is_refilled_once_its_page_has_connected_and_visitors_meanwhile_do_not_wait(
        tmp_path):
    """Voila refilled a pool a second after the hand-out: the new kernel ran the lesson
    while the page was still loading. The refill waits for the pages given kernels to
    connect, or for their grace to pass; a visitor meanwhile gets a kernel of its own."""
    site = make_site(tmp_path, {"tiny.ipynb": ["1 + 1"]}, {})
    with VoilaServer(site, template_root=ROOT,
                     extra_args=["--ClassroomKernelManager.connect_grace=15"]) as server:
        filled = "Kernel pool of tiny.ipynb is filled"

        def count(line: str) -> int:
            return server.log_path.read_text().count(line)

        def wait_for_fills(fills: int, seconds: float) -> None:
            deadline = time.monotonic() + seconds
            while count(filled) < fills and time.monotonic() < deadline:
                time.sleep(0.2)

        wait_for_fills(1, 60)
        pooled = kernel_of_a_new_page(server, "tiny.ipynb")
        time.sleep(8)  # Voila's own refill was done within about 3 s
        assert count(filled) == 1, "the pool was refilled before its page connected"
        started = time.monotonic()
        own_kernel = kernel_of_a_new_page(server, "tiny.ipynb")
        assert time.monotonic() - started < 20 and own_kernel != pooled
        assert count("Using pre-heated kernel") == 1

        async def connect_then_wait_for_the_refill():
            sockets = await connect_pages(server, [pooled, own_kernel])
            await asyncio.to_thread(wait_for_fills, 2, 30)
            for websocket in sockets:
                websocket.close()

        run_in_own_loop(connect_then_wait_for_the_refill())
        assert count(filled) == 2, "the pool was not refilled once its page had connected"
        # A page that never connects: the refill waits out its grace (15 s), no longer.
        kernel_of_a_new_page(server, "tiny.ipynb")
        wait_for_fills(3, 15 + 20)
        assert count(filled) == 3, "a page that never connected kept the pool from refilling"


def test_a_refill_still_waiting_for_its_pages_is_dropped_when_the_server_stops():
    """A refill that woke after the server had ended its kernels would start new ones."""
    manager = ClassroomKernelManager()
    fills = []

    async def stop_while_a_refill_waits():
        fill_if_needed = manager._refill_once_pages_connected(lambda **kwargs: fills.append(kwargs))
        manager._given_at["a-page-still-loading"] = time.monotonic()
        fill_if_needed(notebook_name="lesson.ipynb")
        fill_if_needed(notebook_name="lesson.ipynb")  # a second hand-out: still one refill
        assert list(manager._refills_waiting) == ["lesson.ipynb"]
        await manager.shutdown_all()
        manager._given_at.clear()  # the page is gone too: nothing holds a refill back now
        await asyncio.sleep(serving.SETTLE_AFTER_A_CONNECTION_S + 1)

    run_in_own_loop(stop_while_a_refill_waits())
    assert fills == [], "a refill started after the server had stopped"
    assert manager._refills_waiting == {}


def lesson_00_with_a_saved_name(context, url: str, typed: str):
    """Lesson 00 in a new page of ``context``, with ``typed`` as the name, saved."""
    page = context.new_page()
    open_lesson(page, url, "00_start_here.ipynb")
    page.get_by_label(NAME_FIELD).fill(typed)
    page.get_by_text("Last saved").wait_for(timeout=15_000)
    return page


def reload_after_typing(server, chromium, spoil, banner: str | None = None) -> None:
    """Type into lesson 00 and let it save, let ``spoil(context, page)`` set up trouble
    for the next page, reload: the page (after saying ``banner``, if given) must get back
    what was typed."""
    typed = "Kept across the reload"
    context = chromium.new_context()
    try:
        page = lesson_00_with_a_saved_name(context, server.url, typed)
        spoil(context, page)
        page.reload()
        if banner:
            page.get_by_text(banner).wait_for(timeout=45_000)
        wait_until_restored(page)
        assert page.get_by_label(NAME_FIELD).input_value() == typed
    finally:
        context.close()


def reload_with_a_broken_first_connection(server, chromium, break_first, banner: str) -> None:
    """Let ``break_first(context, attempts)`` spoil the kernel connection of the next page
    only: the page must say ``banner``, reload itself and keep what was typed.
    ``attempts`` collects one entry per connection tried."""
    attempts = []
    reload_after_typing(server, chromium, lambda context, _page: break_first(context, attempts),
                        banner)
    assert len(attempts) >= 2


KERNEL_SOCKET = re.compile(r".*/api/kernels/.*")


def test_a_page_whose_kernel_never_answers_reloads_itself_and_keeps_the_plan(quick_server, chromium):
    def swallow_the_first(context, attempts):
        def on_socket(socket):
            attempts.append(socket.url)
            if len(attempts) > 1:
                socket.connect_to_server()

        context.route_web_socket(KERNEL_SOCKET, on_socket)

    reload_with_a_broken_first_connection(quick_server, chromium, swallow_the_first,
                                          "Reconnecting to the workshop server")


def filter_kernel_sockets(context, attempts: list, drop_to_server=None, drop_to_page=None):
    """Pass the page's kernel connections through, dropping the messages for which
    ``drop_to_server(raw, first)`` or ``drop_to_page(raw, first)`` says so (``first``:
    on the page's first connection). ``attempts`` collects one entry per connection."""
    def on_socket(socket):
        attempts.append(socket.url)
        server = socket.connect_to_server()
        first = len(attempts) == 1

        def forward(drop, target):
            def send(message):
                raw = message if isinstance(message, bytes) else message.encode()
                if not drop(raw, first):
                    target.send(message)
            return send

        if drop_to_server:
            socket.on_message(forward(drop_to_server, server))
        if drop_to_page:
            server.on_message(forward(drop_to_page, socket))

    context.route_web_socket(KERNEL_SOCKET, on_socket)


def drop_restores(context, attempts: list, on_first_connection_only: bool,
                  dropped: list) -> None:
    """Drop the page's restore messages to the kernel: all of them on the first
    connection, or only the very first one."""
    def is_dropped(raw, first):
        if b'"restore"' in raw and first and (on_first_connection_only or not dropped):
            dropped.append(raw)
            return True
        return False

    filter_kernel_sockets(context, attempts, drop_to_server=is_dropped)


def test_a_lost_restore_is_sent_again_and_the_plan_comes_back_without_a_reload(
        quick_server, chromium):
    """Seen in bursts of 20 pages: the page connected, but the plan it sent never
    reached the kernel. The page sends it again until the kernel acknowledges it."""
    attempts, dropped = [], []
    reload_after_typing(quick_server, chromium, lambda context, _page: drop_restores(
        context, attempts, on_first_connection_only=False, dropped=dropped))
    assert len(dropped) == 1 and len(attempts) == 1  # recovered on the same page


def test_the_plan_comes_back_to_a_page_that_builds_its_widgets_slowly(quick_server, chromium):
    """Seen in bursts of 20 pages: the kernel answered the restore while the page was still
    building the form's widgets; the answer to those was dropped and the page said
    "Restoring" for good. Here the code of the form controls arrives 4 s late, after the
    plan store is built; the store waits for every widget before it sends the plan."""
    reloads = []

    def late_form_controls(route):
        response = route.fetch()
        if b"DropdownModel" in response.body():
            time.sleep(4)
        route.fulfill(response=response)

    def slow_down_the_form_controls(context, page):
        context.route(re.compile(r".*/jupyterlab-manager/static/.*\.js(\?.*)?$"),
                      late_form_controls)
        page.on("console", lambda message: reloads.append(message.text)
                if "reloading the page" in message.text else None)

    reload_after_typing(quick_server, chromium, slow_down_the_form_controls)
    assert reloads == []


def test_a_page_whose_plan_never_reaches_its_kernel_reloads_itself_and_keeps_the_plan(
        quick_server, chromium):
    """If every restore of a page is lost, the page reloads itself."""
    def drop_every_restore_of_the_first_page(context, attempts):
        drop_restores(context, attempts, on_first_connection_only=True, dropped=[])

    reload_with_a_broken_first_connection(quick_server, chromium,
                                          drop_every_restore_of_the_first_page,
                                          "your plan did not reach its Python kernel")


def test_a_page_whose_widgets_never_arrive_reloads_itself_and_keeps_the_plan(
        quick_server, chromium):
    """Seen in the short soak on a loaded machine: a page heard its kernel but drew
    nothing for three minutes. Here the first page never gets its widgets' state, so
    every output says "Loading widget..." for good."""
    def withhold_the_first_widget_state(context, attempts):
        filter_kernel_sockets(context, attempts, drop_to_page=lambda raw, first: first and (
            b'"update_states"' in raw or b"comm_info_reply" in raw))

    reload_with_a_broken_first_connection(quick_server, chromium, withhold_the_first_widget_state,
                                          "the lesson's tools did not arrive")


def test_a_page_whose_kernel_is_gone_reloads_itself_and_keeps_the_plan(quick_server, chromium):
    """Seen in `make soak`: a page slower than the cull time asked for a kernel that was
    already gone (404), so no tool could be drawn. The first page's kernel is "gone" here."""
    def first_kernel_is_gone(context, attempts):
        def on_request(route):
            attempts.append(route.request.url)
            if len(attempts) == 1:
                route.fulfill(status=404, body="Kernel does not exist")
            else:
                route.continue_()

        context.route(re.compile(r".*/api/kernels/[0-9a-f-]+\?.*"), on_request)

    reload_with_a_broken_first_connection(quick_server, chromium, first_kernel_is_gone,
                                          "the lesson's tools could not be drawn")


def test_a_page_says_at_once_that_it_is_offline_and_keeps_what_is_typed(quick_server, chromium):
    """Offline, a page said nothing until it gave up on its connection (20 s), and a student
    typing meanwhile could not know whether it counted."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        open_lesson(page, quick_server.url, "00_start_here.ipynb")
        context.set_offline(True)
        page.get_by_text("This computer is offline. What you type is kept").wait_for(timeout=5_000)
        page.get_by_label(NAME_FIELD).fill("Typed offline")
        page.get_by_label("Field of interest").select_option(label="Engineering")
        context.set_offline(False)
        page.get_by_text("This computer is offline").wait_for(state="detached", timeout=10_000)
        page.get_by_text("Typed offline: interested in engineering").wait_for(timeout=15_000)
    finally:
        context.close()


def test_a_download_the_server_cannot_make_says_so_and_works_once_connected(quick_server, chromium):
    """The file is asked of the kernel when the button is pressed (kept on the page, the
    whole plan went to every open lesson with every change): with no answer, the button
    says why nothing was saved instead of doing nothing."""
    context = chromium.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        open_lesson(page, quick_server.url, "00_start_here.ipynb")
        page.get_by_label(NAME_FIELD).fill("Kim")
        page.get_by_text("Kim: your plan is started").wait_for(timeout=15_000)
        context.set_offline(True)
        page.get_by_text("This computer is offline").wait_for(timeout=5_000)
        page.get_by_role("button", name="Download my plan").click()
        page.get_by_text("the lesson's Python did not answer, so the file was not made").wait_for(
            timeout=25_000)
        context.set_offline(False)
        page.get_by_text("This computer is offline").wait_for(state="detached", timeout=15_000)
        with page.expect_download(timeout=20_000) as download:
            page.get_by_role("button", name="Download my plan").click()
        plan = json.loads(open(download.value.path(), encoding="utf-8").read())
        assert plan["sections"]["profile"]["name"] == "Kim"
        assert not page.get_by_text("did not answer, so the file was not made").is_visible()
    finally:
        context.close()


def test_a_page_whose_kernel_died_and_was_started_again_reloads_itself_and_keeps_the_plan(
        quick_server, chromium):
    """A kernel killed behind an open connection (its memory ran out, say) is started again
    by the server under the same id, empty: the page looked ready and ignored every click,
    saying nothing. It now reloads itself; what was typed comes back, and works."""
    typed = "Kept after the kernel died"
    context = chromium.new_context()
    try:
        page = lesson_00_with_a_saved_name(context, quick_server.url, typed)
        kernel_id = page.evaluate("() => JSON.parse(document.getElementById("
                                  "'jupyter-config-data').textContent).kernelId")
        [kernel] = [process for process in voila_kernels(quick_server)
                    if kernel_id in " ".join(process.cmdline())]
        page.evaluate("() => { window.beforeTheKernelDied = true; }")
        kernel.kill()
        page.get_by_text("its Python kernel was started again").wait_for(timeout=30_000)
        page.wait_for_function("() => !window.beforeTheKernelDied", timeout=60_000)
        wait_until_restored(page)
        assert page.get_by_label(NAME_FIELD).input_value() == typed
        page.get_by_label("Field of interest").select_option(label="Engineering")
        page.get_by_text(f"{typed}: interested in engineering").wait_for(timeout=15_000)
    finally:
        context.close()


def test_after_a_server_restart_the_page_reconnects_by_itself_and_keeps_the_plan(
        tmp_path, chromium):
    """Voila restarted mid-session: the page's kernel is gone with the old server, so the
    page cannot reconnect to it. It says the server cannot be reached, waits until the
    new server answers, reloads itself and gets back what was typed."""
    site = make_site(tmp_path, {}, {})
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", site / "notebooks")
    args = ['--VoilaConfiguration.resources={"kit_connect_limit_ms": 6000}']
    typed = "Kept across a server restart"
    context = chromium.new_context()
    try:
        with VoilaServer(site, template_root=ROOT, extra_args=args) as first:
            page = lesson_00_with_a_saved_name(context, first.url, typed)
            page.evaluate("() => { window.beforeTheRestart = true; }")
        page.get_by_text("The connection to the workshop server was lost").wait_for(timeout=10_000)
        page.get_by_text("cannot be reached from here").wait_for(timeout=30_000)
        with VoilaServer(site, template_root=ROOT, extra_args=args, port=first.port):
            page.wait_for_function("() => !window.beforeTheRestart", timeout=60_000)
            wait_until_restored(page)
            assert page.get_by_label(NAME_FIELD).input_value() == typed
    finally:
        context.close()


def test_on_a_hub_each_user_is_offered_the_plan_the_browser_kept_for_all_users_before(
        tmp_path, chromium, monkeypatch):
    """Before each hub user had keys of their own, a hub's browser kept one plan for all
    its users. After that change Ana's plan was no longer found, and stayed in the browser
    for whoever came next. Now each user is offered it: Bob says it is not his and is not
    asked again, Ana takes it, and it leaves the shared keys."""
    site = make_site(tmp_path, {}, {})
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", site / "notebooks")
    args = ["--VoilaConfiguration.preheat_kernel=False"]
    offer = "This browser also holds a plan kept here before each user"
    shared_sections = """() => Object.keys(localStorage).filter(
        key => key.startsWith('career-workshop-kit/plan-v2/section/'))"""
    context = chromium.new_context()

    @contextlib.contextmanager
    def offer_answered_as(user: str, answer: str, said: str):
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        with VoilaServer(site, template_root=ROOT, extra_args=args, port=port) as server:
            page = context.new_page()
            open_lesson(page, server.url, "00_start_here.ipynb")
            page.get_by_text(offer).wait_for(timeout=15_000)
            page.get_by_role("button", name=answer).click()
            page.get_by_text(said).wait_for(timeout=15_000)
            yield page
            page.close()

    try:
        monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
        with VoilaServer(site, template_root=ROOT, extra_args=args) as before:
            lesson_00_with_a_saved_name(context, before.url, "Ana from before").close()
        port = before.port
        with offer_answered_as("bob", "It is not mine",
                               "you will not be asked about it again") as page:
            page.reload()
            wait_until_restored(page)
            page.wait_for_timeout(1000)
            assert page.get_by_text(offer).count() == 0
            assert page.get_by_label(NAME_FIELD).input_value() == ""
        with offer_answered_as("ana", "Load it as my plan", "Loaded your plan from") as page:
            assert page.get_by_label(NAME_FIELD).input_value() == "Ana from before"
            page.wait_for_function(f"() => ({shared_sections})().length === 0", timeout=15_000)
            page.reload()
            wait_until_restored(page)
            assert page.get_by_label(NAME_FIELD).input_value() == "Ana from before"
            assert page.get_by_text(offer).count() == 0
    finally:
        context.close()


def websocket_frames(page, event: str) -> list[str]:
    """The page's websocket frames as text, as they go ("framesent") or come
    ("framereceived")."""
    frames = []
    page.on("websocket", lambda websocket: websocket.on(event, lambda payload: frames.append(
        payload if isinstance(payload, str) else payload.decode("utf-8", "replace"))))
    return frames


def test_a_pages_changes_are_echoed_back_to_it(quick_server, chromium):
    """ipywidgets sends every change a page makes back to it: when the kernel changes a box
    while the page's change to it is on its way (another tab saved at that moment), the
    echo makes the box show what the kernel used. The kit had it off for 1.5-2 ms a round
    trip, and a box showed 111.00 while its result used 222."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        frames = websocket_frames(page, "framereceived")
        open_lesson(page, quick_server.url, "00_start_here.ipynb")
        page.get_by_label(NAME_FIELD).fill("Echo")
        page.get_by_label("Field of interest").select_option(label="Engineering")
        page.get_by_text("Echo: interested in engineering").wait_for(timeout=15_000)
    finally:
        context.close()
    methods = [re.search(r'"method":\s*"(\w+)"', frame) for frame in frames]
    methods = [found.group(1) for found in methods if found]
    assert "update" in methods, "no widget update reached the page"
    assert "echo_update" in methods


def test_a_save_the_browser_stored_wakes_the_kernel_no_more(quick_server, chromium):
    """The page answered every save with "saved", which woke the kernel a second time
    for each change (its busy and idle, through the server) and changed nothing: only a
    save of the whole plan after a refusal needs the browser's word."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        sent = websocket_frames(page, "framesent")
        open_lesson(page, quick_server.url, "00_start_here.ipynb")
        page.get_by_label(NAME_FIELD).fill("Quiet")
        page.wait_for_function("() => (localStorage.getItem("
                               "'career-workshop-kit/plan-v2/section/profile') || '')"
                               ".includes('Quiet')", timeout=15_000)
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert any('"op":' in frame and "restore" in frame for frame in sent)
    assert not [frame for frame in sent if re.search(r'"op":\s*"saved"', frame)]


def test_kernels_talk_to_the_server_over_local_sockets(quick_server):
    """Kernels started together once raced for TCP ports: in a burst of 20 pages one kernel
    failed with "Address already in use". Over local (Unix) sockets there is no port to race
    for, and the kernel's channels cannot be reached from the network."""
    deadline = time.monotonic() + 60
    while not (kernels := voila_kernels(quick_server)) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert kernels, "the lesson's pooled kernel never started"
    for kernel in kernels:
        connection_file = next(arg for arg in kernel.cmdline() if arg.endswith(".json"))
        assert json.loads(Path(connection_file).read_text())["transport"] == "ipc"


def server_socket_option(server: VoilaServer, client_address: tuple, option: int) -> int:
    """A TCP option of the server's end of the connection from ``client_address``, read
    from a duplicate of the server's own socket (pidfd_getfd: Linux 5.6, root here)."""
    connection = next(connection for connection in
                      psutil.Process(server.process.pid).net_connections(kind="tcp")
                      if connection.raddr and tuple(connection.raddr) == client_address)
    syscall = ctypes.CDLL(None, use_errno=True).syscall
    pidfd = os.pidfd_open(server.process.pid)
    try:
        duplicate = syscall(PIDFD_GETFD, pidfd, connection.fd, 0)
        assert duplicate >= 0, os.strerror(ctypes.get_errno())
    finally:
        os.close(pidfd)
    with socket.socket(fileno=duplicate) as server_end:  # closes the duplicate only
        return server_end.getsockopt(socket.IPPROTO_TCP, option)


def test_a_pages_kernel_messages_leave_the_server_at_once(quick_server):
    """Tornado's websockets keep Nagle's algorithm: a small message written while the one
    before is not yet acknowledged waits for that acknowledgement, which a browser delays
    by up to 40 ms: lesson 02's kernel said "idle" 40 ms late after every change. The
    kit's connection turns it off."""
    kernel_id = kernel_of_a_new_page(quick_server, "00_start_here.ipynb")

    async def option_seen_by_a_connected_page() -> int:
        (websocket,) = await connect_pages(quick_server, [kernel_id])
        try:
            page_end = websocket.protocol.stream.socket.getsockname()
            return await asyncio.to_thread(server_socket_option, quick_server, page_end,
                                           socket.TCP_NODELAY)
        finally:
            websocket.close()

    assert run_in_own_loop(option_seen_by_a_connected_page()) != 0, \
        "the server's end of the page's connection still bundles small messages (Nagle)"


class Cycle:
    """An object that refers to itself: only the garbage collector can free it."""


def test_the_server_gives_freed_memory_back_once_kernels_have_ended():
    """`make soak`: after class bursts the server stayed about 100 MB larger: garbage in
    reference cycles, and memory Python had freed but glibc kept. The culling round after
    kernels end collects the one and hands the other back."""
    manager = ClassroomKernelManager()
    assert manager._malloc_trim is not None, "glibc's malloc_trim was not found on Linux"
    trims = []
    manager._malloc_trim = trims.append
    cycle = Cycle()
    cycle.itself = cycle
    cycle_alive = weakref.ref(cycle)
    del cycle
    linecache.getline(__file__, 1)  # as writing a traceback to the log does

    async def start_end_and_cull():
        await manager.cull_kernels()
        assert trims == [], "nothing ended yet, so there is nothing to give back"
        kernel_id = await manager.start_kernel()
        await manager.shutdown_kernel(kernel_id)
        await manager.cull_kernels()
        await manager.cull_kernels()

    gc.disable()  # only the manager may collect the cycle above
    try:
        run_in_own_loop(start_end_and_cull())
    finally:
        gc.enable()
    assert trims == [0], "one culling round after a kernel ended gives memory back, once"
    assert cycle_alive() is None, "the garbage left in reference cycles was not collected"
    assert __file__ not in linecache.cache, "source lines kept for tracebacks were not let go"


def test_the_server_keeps_one_malloc_arena_and_maps_large_blocks_apart(monkeypatch):
    """`make soak`: the server kept growing with each class burst, in glibc's per-thread
    arenas and in large blocks served from them; the kernel manager sets glibc up against
    both when the server starts."""
    assert serving._glibc() is not None, "glibc's malloc_trim and mallopt were not found on Linux"
    settings = []
    glibc = SimpleNamespace(malloc_trim=lambda pad: None,
                            mallopt=lambda *setting: settings.append(setting))
    monkeypatch.setattr(serving, "_glibc", lambda: glibc)
    ClassroomKernelManager()
    assert settings == [(serving.M_ARENA_MAX, 1), (serving.M_MMAP_THRESHOLD, 128 * 1024)]


def kit_page_exporter():
    """The exporter Voila's page renderer makes for a page with the kit's template
    (found through JUPYTER_PATH)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from traitlets.config import Config
    from voila.configuration import VoilaConfiguration
    from voila.notebook_renderer import NotebookRenderer
    from voila.paths import collect_template_paths

    renderer = NotebookRenderer(
        notebook_path="reference.ipynb", base_url="/", page_config={}, traitlet_config=Config(),
        template_paths=collect_template_paths(["voila", "nbconvert"], "career-kit"),
        voila_configuration=VoilaConfiguration(template="career-kit"),
        contents_manager=AsyncLargeFileManager(root_dir=str(ROOT / "bench")),
        kernel_spec_manager=KernelSpecManager())
    run_in_own_loop(renderer.initialize())
    # Voila registers these two as it renders the page; the templates need them.
    renderer.exporter.register_filter("highlight_code", lambda source, **options: source)
    renderer.exporter.register_filter("trusted", lambda output: output)
    return renderer.exporter


def test_pages_share_their_compiled_templates(monkeypatch):
    """Each page Voila renders gets a new template environment, which compiled the
    page's 14 templates again (120 ms of the server's one thread per page, 0.4 MB kept
    per pooled page); once the kit's kernel manager runs, the compiled code is shared."""
    from voila import notebook_renderer
    from voila.exporter import VoilaExporter

    monkeypatch.setattr(notebook_renderer, "VoilaExporter", VoilaExporter)
    monkeypatch.setenv("JUPYTER_PATH", str(ROOT / "share" / "jupyter"))
    ClassroomKernelManager()
    first, second = kit_page_exporter(), kit_page_exporter()
    assert first.environment is not second.environment
    for name in ("index.html.j2", "lab/index.html.j2", "base.html.j2", "celltags.j2"):
        code = [exporter.environment.get_template(name).root_render_func.__code__
                for exporter in (first, second)]
        assert code[0] is code[1], f"{name} was compiled again for the second page"


def test_a_template_changed_on_disk_is_compiled_again():
    """Sharing compiled templates must not serve an old page after an edit."""
    import jinja2

    sources = {"page.html": "first"}
    cache = serving.CompiledTemplates()

    def render() -> str:
        environment = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        return environment.get_template("page.html").render()

    assert render() == "first"
    sources["page.html"] = "second"
    assert render() == "second"


def test_kernels_share_one_event_logger():
    """Voila's app has no event logger to hand down, so each kernel's manager made its
    own: 14 ms of the server's time per kernel started, and a logger kept for good."""
    manager = ClassroomKernelManager()
    shared = manager.kernel_event_logger
    loggers_before = set(logging.Logger.manager.loggerDict)

    async def start_two_and_end_them():
        kernel_ids = [await manager.start_kernel(), await manager.start_kernel()]
        try:
            return [manager.get_kernel(kernel_id).event_logger for kernel_id in kernel_ids]
        finally:
            await manager.shutdown_all()

    first, second = run_in_own_loop(start_two_and_end_them())
    assert first is second is shared
    assert not {name for name in logging.Logger.manager.loggerDict if name.startswith(
        "jupyter_events")} - loggers_before, "a kernel made an event logger of its own"


def test_a_tab_whose_connection_closes_while_its_kernel_ends_leaves_no_sockets_open():
    """A closing tab sends its goodbye, then its websocket closes while the kernel is
    still ending: jupyter_server started buffering that kernel's channels for a page that
    might come back, and kept their sockets open for good (12 after a burst of 20 tabs)."""
    manager = ClassroomKernelManager()

    async def close_the_connection_during_the_goodbye():
        kernel_id = await manager.start_kernel()
        kernel = manager.get_kernel(kernel_id)
        channels = {name: getattr(kernel, f"connect_{name}")()
                    for name in ("iopub", "shell", "control", "stdin")}
        ending = asyncio.create_task(manager.shutdown_kernel(kernel_id))
        await asyncio.sleep(0.05)
        assert kernel_id in manager, "the kernel ended before the connection closed"
        manager.start_buffering(kernel_id, "the-closed-tab", channels)  # its websocket's close
        await ending
        return kernel_id, channels

    kernel_id, channels = run_in_own_loop(close_the_connection_during_the_goodbye())
    assert kernel_id not in manager._kernel_buffers
    assert all(stream.closed() for stream in channels.values()), "a channel's socket stayed open"


def close_during_the_handshake(server: VoilaServer, kernel_id: str) -> None:
    """Ask for the kernel's websocket as a page does, and close the tab at once."""
    with socket.create_connection(("127.0.0.1", server.port)) as tab:
        key = base64.b64encode(os.urandom(16)).decode()
        tab.sendall((f"GET /api/kernels/{kernel_id}/channels?session_id=closed-tab HTTP/1.1\r\n"
                     f"Host: 127.0.0.1:{server.port}\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                     "Sec-WebSocket-Version: 13\r\n"
                     "Sec-WebSocket-Protocol: v1.kernel.websocket.jupyter.org\r\n\r\n").encode())


def test_a_tab_closed_during_its_connections_handshake_leaves_no_socket_and_no_traceback(
        tmp_path):
    """`make soak`: a tab closed while its kernel connection was being prepared made
    jupyter_server buffer for it, fail to forget it, then connect the gone page anyway:
    two tracebacks (the second KeyError 'iopub') and 4 file descriptors held for good.
    On a busy machine the server may finish the handshake before it sees the close (a tab
    closed once connected, whose kernel keeps its messages until culled): then the tab is
    closed again, with a new server, up to three times."""
    site = make_site(tmp_path, {"tiny.ipynb": ["1 + 1"]}, {})
    for _attempt in range(3):
        with VoilaServer(site, template_root=ROOT) as server:
            def pools_filled() -> int:
                return server.log_path.read_text().count("Kernel pool of tiny.ipynb is filled")

            deadline = time.monotonic() + 60
            while pools_filled() < 1 and time.monotonic() < deadline:
                time.sleep(0.2)
            kernel_id = kernel_of_a_new_page(server, "tiny.ipynb")
            # The pool's refill waits for this page to connect, which it never does here.
            time.sleep(2)
            server_process = psutil.Process(server.process.pid)
            descriptors_before = server_process.num_fds()
            close_during_the_handshake(server, kernel_id)
            answered = f"GET /api/kernels/{kernel_id}/channels"
            while answered not in server.log_path.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1)
            log = server.log_path.read_text()
            if f"Starting buffering for {kernel_id}:closed-tab" in log:
                continue  # closed after the handshake, not during it
            assert "Traceback" not in log
            assert f"410 {answered}" in log, "the tab was not closed during the handshake"
            assert server_process.num_fds() == descriptors_before
            return
    pytest.fail("in three tries the server never saw the tab close during the handshake")


def still_running_after_culling(miscount) -> bool:
    """Start a kernel, let ``miscount(manager, kernel_id)`` spoil its count of pages, run
    culling rounds for up to 20 s (its start-up messages count as activity): is it alive?"""
    manager = ClassroomKernelManager(cull_idle_timeout=1, connect_grace=0)

    async def miscount_then_cull():
        kernel_id = await manager.start_kernel()
        try:
            miscount(manager, kernel_id)
            deadline = time.monotonic() + 20
            while kernel_id in manager.list_kernel_ids() and time.monotonic() < deadline:
                await asyncio.sleep(1)
                await manager.cull_kernels()
            return kernel_id in manager.list_kernel_ids()
        finally:
            if kernel_id in manager.list_kernel_ids():
                await manager.shutdown_kernel(kernel_id, now=True)

    return run_in_own_loop(miscount_then_cull())


def test_a_page_closed_while_its_connection_was_opening_still_lets_its_kernel_be_culled():
    """`make soak`: a tab closed during the websocket handshake was counted as a page
    leaving a kernel it had never been counted on, and that kernel was never culled."""
    def close_mid_handshake(manager, kernel_id):
        manager.notify_disconnect(kernel_id)  # jupyter_server's on_close, without a connect
        assert manager._kernel_connections[kernel_id] == 0

    assert not still_running_after_culling(close_mid_handshake), \
        "the idle kernel of the closed page was not culled"


def test_a_page_counted_on_a_kernel_without_an_open_connection_lets_it_be_culled():
    """`make soak`: a tab closed while its connection opened made jupyter_server fail
    half-way (KeyError 'iopub' in nudge), and the page stayed counted on the kernel, which
    was then never culled. A count without an open websocket behind it is dropped."""
    def count_a_gone_page(manager, kernel_id):
        manager.notify_connect(kernel_id)  # counted, but no websocket is open

    assert not still_running_after_culling(count_a_gone_page), \
        "the kernel of a page that is gone was never culled"


def test_kernels_starting_or_just_ended_are_passed_over_by_the_culler_without_an_error():
    """jupyter_server lists a kernel before it sets the kernel's last activity; its culler
    then logged a TraitError with a traceback at every round (`make soak`, while Voila
    refilled its pools), and a KeyError for a kernel a goodbye ended during the round."""
    manager = ClassroomKernelManager(cull_idle_timeout=0, connect_grace=0)
    reports = []
    handler = logging.Handler()
    handler.emit = reports.append
    manager.log.addHandler(handler)

    async def cull_a_kernel_mid_start():
        kernel_id = await manager.start_kernel()
        kernel = manager.get_kernel(kernel_id)
        try:
            saved = kernel.last_activity
            del kernel._trait_values["last_activity"]  # the state it is listed in mid-start
            await manager.cull_kernels()
            still_there = kernel_id in manager.list_kernel_ids()
            kernel.last_activity = saved
            return still_there
        finally:
            await manager.shutdown_all()

    try:
        assert run_in_own_loop(cull_a_kernel_mid_start()), "a kernel was culled while starting"
        # A kernel that ended while the culler checked the ones before it (a goodbye).
        run_in_own_loop(manager.cull_kernel_if_idle("a-kernel-that-has-just-ended"))
    finally:
        manager.log.removeHandler(handler)
    errors = [report.getMessage() for report in reports if report.levelno >= logging.ERROR]
    assert errors == [], errors


def test_a_tab_closed_while_the_server_wrote_to_it_leaves_no_traceback_in_the_log():
    """Each such tab made asyncio log "Task exception was never retrieved" with a
    traceback (`make soak`: dozens per class burst). Every other report is kept."""
    async def fail_with(error):
        raise error

    async def two_writes_nobody_looks_at():
        loop = asyncio.get_running_loop()
        reported = []
        loop.set_exception_handler(lambda _loop, context: reported.append(context))
        serving.quiet_about_closed_tabs(loop)
        serving.quiet_about_closed_tabs(loop)  # once per kernel start: still one filter
        for error in (WebSocketClosedError(), ValueError("a real fault")):
            task = asyncio.ensure_future(fail_with(error))
            await asyncio.wait([task])
            del task  # never looked at, as jupyter_server does with a websocket write
            gc.collect()
        return reported

    reported = run_in_own_loop(two_writes_nobody_looks_at())
    assert [type(context.get("exception")) for context in reported] == [ValueError]
    assert "never retrieved" in reported[0]["message"]


def test_scripts_and_styles_go_out_compressed_and_pages_as_they_are(voila_url):
    """A first visit's 5.4 MB of scripts and styles went out uncompressed: over a
    classroom's Wi-Fi, what every page waited for. Browsers that accept gzip get it."""
    gzip_please = {"Accept-Encoding": "gzip"}
    status, headers, page = request(f"{voila_url}/voila/render/00_start_here.ipynb", **gzip_please)
    assert status == 200 and "Content-Encoding" not in headers  # the page streams as Voila writes it
    scripts = re.findall(r'src="(/voila/[^"]+\.js[^"]*)"', page.decode())
    styles = re.findall(r'href="(/voila/[^"]+\.css[^"]*)"', page.decode())
    extensions = extension_scripts(page)  # they have no ETag
    assert scripts and styles and len(extensions) >= 3
    for path in (scripts[0], styles[0], "/voila/static/voila.js", *extensions):
        _, plain_headers, plain = request(voila_url + path)
        assert "Content-Encoding" not in plain_headers and plain_headers["Vary"] == "Accept-Encoding"
        bodies = []
        for _ in range(2):  # compressed for the first visitor, kept for the next
            status, headers, body = request(voila_url + path, **{"Accept-Encoding": "gzip, deflate, br"})
            assert status == 200 and headers["Content-Encoding"] == "gzip", path
            assert headers["Vary"] == "Accept-Encoding"
            assert gzip.decompress(body) == plain, path
            bodies.append(body)
        assert bodies[0] == bodies[1] and len(bodies[1]) < len(plain) / 2, path
        assert int(headers["Content-Length"]) == len(bodies[1])
        # A browser that kept the file asks whether it changed: it did not.
        if "Etag" in plain_headers:
            assert headers["Etag"] == f"W/{plain_headers['Etag']}"
            asked = {"If-None-Match": headers["Etag"]}
        else:
            asked = {"If-Modified-Since": headers["Last-Modified"]}
        assert request(voila_url + path, **gzip_please, **asked)[0] == 304, path


def test_browsers_keep_scripts_for_as_long_as_they_cannot_change(voila_url):
    """Voila marks the widget extensions' scripts no-cache, so every page after a
    participant's first asked again for all 20 of them; their names change with their
    content, so browsers keep them for good. Voila's own scripts had no lifetime (browsers
    guessed one from when Voila was installed): they are kept for a day. Pages and other
    files stay as they were."""
    extensions = extension_scripts(request(f"{voila_url}/voila/render/01_why_internships.ipynb")[2])
    assert len(extensions) >= 3
    for path in extensions:
        status, headers, _ = request(voila_url + path, **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable", path
        status, headers, _ = request(voila_url + path, **{"If-Modified-Since": headers["Last-Modified"]})
        assert status == 304 and headers["Cache-Control"] == "public, max-age=31536000, immutable", path
    status, headers, _ = request(f"{voila_url}/voila/static/voila.js")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=86400"
    status, headers, _ = request(f"{voila_url}/voila/static/voila.js", **{"If-None-Match": headers["Etag"]})
    assert status == 304 and headers["Cache-Control"] == "public, max-age=86400"
    # A file of an extension named without a hash may change under its name.
    package = request(f"{voila_url}/voila/labextensions/anywidget/package.json")
    assert package[1]["Cache-Control"] == "no-cache"
    assert "max-age" not in request(f"{voila_url}/voila/render/01_why_internships.ipynb")[1]["Cache-Control"]


def test_a_students_next_lesson_asks_the_server_for_no_script_it_already_has(voila_url, browser_context):
    """In one browser, the second lesson's page takes every script from the browser's
    cache: only the page and its kernel go to the server."""
    first = browser_context.new_page()
    open_lesson(first, voila_url, "00_start_here.ipynb")
    first.close()
    page = browser_context.new_page()
    open_lesson(page, voila_url, "01_why_internships.ipynb")
    scripts_and_styles = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(entry => /\\.(js|css)(\\?|$)/.test(entry.name))
        .map(entry => [entry.name, entry.transferSize])""")
    assert len(scripts_and_styles) > 90
    assert [name for name, sent in scripts_and_styles if sent > 0] == []


def test_a_static_file_is_compressed_once_for_every_visitor_and_again_once_edited(tmp_path, monkeypatch):
    """Each visitor's copy was the same file compressed again: 0.14 s of the server's one
    thread per first visit, thirty times over when a class opens a link together."""
    from tornado import httpclient, httpserver, httputil, testing, web

    script = "".join(f"const line{n} = 'the same for every visitor';\n" for n in range(8000)).encode()
    (tmp_path / "lesson.js").write_bytes(script)  # 350 kB: Tornado sends it in 64 kB parts
    compressed_sizes = []
    compress = gzip.compress
    monkeypatch.setattr(serving.gzip, "compress", lambda data, **options:
                        compressed_sizes.append(len(data)) or compress(data, **options))
    monkeypatch.setattr(serving.StaticFilesCompressedOnce, "kept", {})

    class Page(web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "text/html")
            self.write("<p>a lesson</p>" * 1000)

    async def visits(*steps):
        transform = functools.partial(serving.StaticFilesCompressedOnce, static_prefixes=("/voila/static/",))
        app = web.Application([(r"/voila/static/(.*)", web.StaticFileHandler, {"path": str(tmp_path)}),
                               (r"/voila/render/page", Page)], transforms=[transform])
        sock, port = testing.bind_unused_port()
        server = httpserver.HTTPServer(app)
        server.add_sockets([sock])
        client = httpclient.AsyncHTTPClient()
        try:
            responses = []
            for path, accept in steps:
                response = await client.fetch(f"http://127.0.0.1:{port}{path}", decompress_response=False,
                                              headers={"Accept-Encoding": accept} if accept else {})
                responses.append((response.headers, response.body))
            return responses
        finally:
            server.stop()
            await server.close_all_connections()

    first, second, identity, page = run_in_own_loop(visits(
        ("/voila/static/lesson.js", "gzip"), ("/voila/static/lesson.js", "gzip"),
        ("/voila/static/lesson.js", None), ("/voila/render/page", "gzip")))
    assert gzip.decompress(first[1]) == gzip.decompress(second[1]) == script
    assert compressed_sizes == [len(script)], "the second visitor's copy was compressed again"
    assert second[0]["Content-Length"] == str(len(second[1]))
    assert identity[1] == script and "Content-Encoding" not in identity[0]
    assert "Content-Encoding" not in page[0] and "Vary" not in page[0]

    edited = script.replace(b"every visitor", b"each visitor!")
    (tmp_path / "lesson.js").write_bytes(edited)
    os.utime(tmp_path / "lesson.js", (time.time() + 5, time.time() + 5))
    [(headers, body)] = run_in_own_loop(visits(("/voila/static/lesson.js", "gzip")))
    assert gzip.decompress(body) == edited

    # A class asking for it at the same moment: Tornado sends their parts in turns.
    monkeypatch.setattr(serving.StaticFilesCompressedOnce, "kept", {})
    compressed_sizes.clear()
    accepting_gzip = httputil.HTTPHeaders({"Host": "127.0.0.1", "Accept-Encoding": "gzip"})
    visitors = [serving.StaticFilesCompressedOnce(httputil.HTTPServerRequest(
        start_line=httputil.RequestStartLine("GET", "/voila/static/lesson.js", "HTTP/1.1"),
        headers=accepting_gzip), static_prefixes=("/voila/static/",)) for _ in range(5)]
    parts = [edited[start:start + 65536] for start in range(0, len(edited), 65536)]
    file_headers = {"Content-Type": "application/javascript", "Content-Length": str(len(edited)),
                    "Etag": '"v2"', "Last-Modified": "Thu, 03 Dec 2026 14:00:00 GMT"}
    sent = [visitor.transform_first_chunk(200, httputil.HTTPHeaders(file_headers), parts[0], False)[2]
            for visitor in visitors]
    for part in [*parts[1:], b""]:
        for number, visitor in enumerate(visitors):
            sent[number] += visitor.transform_chunk(part, finishing=not part)
    assert [gzip.decompress(body) for body in sent] == [edited] * 5
    assert compressed_sizes == [len(edited)], "each of the class's copies was compressed again"

    # Past the memory it may keep, a file is still sent compressed, just not kept.
    monkeypatch.setattr(serving.StaticFilesCompressedOnce, "MOST_BYTES_KEPT", 0)
    monkeypatch.setattr(serving.StaticFilesCompressedOnce, "kept", {})
    compressed_sizes.clear()
    responses = run_in_own_loop(visits(*[("/voila/static/lesson.js", "gzip")] * 2))
    assert [gzip.decompress(body) for _, body in responses] == [edited, edited]
    assert len(compressed_sizes) == 2


def test_voila_json_is_the_production_configuration():
    config = json.loads((ROOT / "voila.json").read_text())
    voila = config["VoilaConfiguration"]
    assert voila["strip_sources"] is True and voila["show_tracebacks"] is False
    assert voila["preheat_kernel"] is True
    assert config["MappingKernelManager"]["cull_idle_timeout"] > 0


@pytest.mark.parametrize("lesson", sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb")))
def test_no_label_is_cut_short(voila_url, browser_context, lesson):
    """A label wider than its 14em ended in "…" ("Name or nickname (optio…"): a student
    could not read what the box was for. The longest labels are shown first."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, lesson)
    if lesson.startswith("04"):
        page.get_by_role("button", name="Add the example list").click()
        page.locator(".ck-option-editor").wait_for()
    for pay in page.get_by_label("Pay", exact=True).all():
        pay.select_option(label="A fixed stipend")
    page.wait_for_timeout(500)
    labels_cut = """() => [...document.querySelectorAll('.ck-tool .widget-label')]
        .filter(l => l.offsetParent !== null && (l.scrollWidth > l.clientWidth + 1
                || l.scrollHeight > l.clientHeight + 1
                || l.getBoundingClientRect().bottom > l.parentElement.getBoundingClientRect().bottom + 1))
        .map(l => l.textContent)"""
    assert page.locator(".ck-tool .widget-label").count() > 0
    assert page.evaluate(labels_cut) == [], lesson
    # The text spacing WCAG 1.4.12 asks pages to allow: "Path to a full-time offer" and
    # "Net result (from lesson 02)" were cut with "…".
    page.add_style_tag(content="* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
                               " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")
    page.wait_for_timeout(200)
    assert page.evaluate(labels_cut) == [], lesson


@pytest.mark.parametrize("lesson", ["02_internship_types_and_costs.ipynb",
                                    "05_landing_an_internship.ipynb", "07_my_plan.ipynb"])
def test_headings_never_skip_a_level(voila_url, browser_context, lesson):
    """A screen reader's list of headings is the page's outline: the plan bar, facts and
    tools sit at their place in it (the plan bar was a level 3 right under the title)."""
    page = browser_context.new_page()
    open_lesson(page, voila_url, lesson)
    levels = page.evaluate("""() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
        .filter(h => h.offsetParent !== null).map(h => [Number(h.tagName[1]), h.innerText])""")
    assert levels[0][0] == 1
    for (before, _), (level, text) in zip(levels, levels[1:], strict=False):
        assert level <= before + 1, f"{text!r} (h{level}) comes after an h{before}"
