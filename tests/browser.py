"""Helpers for the browser tests: a Voila server on 127.0.0.1, Debian's Chromium, and an
accessibility check of a page."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The home page's links, as lesson 00's map of the workshop names the lessons.
LESSON_NAMES = ["00 Start here", "01 Why internships", "02 Internship types and costs",
                "03 Certifications", "04 Compare internships", "05 Landing an internship",
                "06 Goals and growth", "07 My plan"]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
READY_TIMEOUT_MS = 60_000


def run_in_own_loop(coroutine):
    """Run ``coroutine`` to its end and return its result, in a thread with an event loop
    of its own: the caller may already run one (pytest with Playwright's fixtures)."""
    with ThreadPoolExecutor(max_workers=1) as own_loop:
        return own_loop.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(process: subprocess.Popen, url: str, seconds: float, what: str) -> None:
    """Return once ``url`` answers; RuntimeError if ``process`` exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2):
                return
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within {seconds:.0f} s")


def stop_process(process: subprocess.Popen | None, stop_signal: int) -> None:
    """Ask a server this test started to stop; kill it if it has not within 15 s."""
    if process and process.poll() is None:
        process.send_signal(stop_signal)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


class VoilaServer:
    """`voila notebooks/` as `make dashboards` runs it, on a free port of 127.0.0.1, with
    the page template of ``template_root`` (on JUPYTER_PATH), or with none given the one
    the environment has (``make install`` links the kit's there)."""

    def __init__(self, root: Path, extra_args: list[str] | None = None,
                 template_root: Path | None = None, port: int | None = None,
                 base_url: str = "/", template_as_installed: bool = False):
        self.root = root
        self.template_root = None if template_as_installed else template_root or root
        self.port = port or free_port()
        # With a base URL (behind a reverse proxy), every page lives under it.
        self.url = f"http://127.0.0.1:{self.port}{base_url.rstrip('/')}"
        self.extra_args = [f"--Voila.base_url={base_url}"] if base_url != "/" else []
        self.extra_args += extra_args or []
        self.process: subprocess.Popen | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"voila-test-{self.port}.log"

    def __enter__(self) -> VoilaServer:
        voila = Path(sys.executable).parent / "voila"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [str(voila), "notebooks/", "--no-browser", "--Voila.ip=127.0.0.1",
             f"--port={self.port}", "--Voila.port_retries=0", *self.extra_args],
            cwd=self.root, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env=self._environment(),
        )
        try:
            wait_until_answering(self.process, self.url + "/", 60, f"Voila (see {self.log_path})")
        except BaseException:
            # `with` calls no __exit__ for an __enter__ that fails: a server that never
            # answered was left running with its pool of kernels.
            self.__exit__()
            raise
        return self

    def _environment(self) -> dict:
        env = {key: value for key, value in os.environ.items() if key != "JUPYTER_PATH"}
        if self.template_root is not None:
            env["JUPYTER_PATH"] = str(self.template_root / "share" / "jupyter")
        return env

    def __exit__(self, *exc) -> None:
        stop_process(self.process, signal.SIGTERM)
        self.log.close()


@contextlib.contextmanager
def launch_chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def voila_kernels(server: VoilaServer) -> list:
    """The kernel processes of one Voila server (pooled and in use)."""
    import psutil

    kernels = []
    for child in psutil.Process(server.process.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline()):
                kernels.append(child)
        except psutil.Error:  # ended between listing and reading: not running
            continue
    return kernels


def lesson_url(base: str, notebook: str) -> str:
    return f"{base}/voila/render/{notebook}"


def wait_until_restored(page) -> None:
    """The page is interactive and the plan from this browser has been put back."""
    page.locator(".ck-ready").first.wait_for(state="visible", timeout=READY_TIMEOUT_MS)


def axe_violations(page) -> list[str]:
    """What axe-core (Deque's accessibility engine) finds wrong on the page as it is now,
    one line per rule broken. Its script comes in the test-only `axe-playwright-python`
    package and is put into the page itself, so nothing is fetched."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    page.evaluate(script.read_text(encoding="utf-8"))
    violations = page.evaluate("async () => (await axe.run(document, "
                               "{resultTypes: ['violations']})).violations")
    return [f"{rule['id']} ({rule['help']}): "
            + "; ".join(node["html"][:120] for node in rule["nodes"][:3]) for rule in violations]


def beyond_the_screen(page) -> list[str]:
    """What on the lesson reaches past the right edge of the window, besides what is inside
    the boxes in which the kit's wide tables scroll by themselves (the boxes themselves
    must fit): WCAG's reflow asks that at 320 CSS px (a phone, or a page zoomed to 400%)
    nothing else needs scrolling sideways."""
    return page.evaluate("""() => [...document.querySelectorAll('#rendered_cells *')]
        .filter(element => element.getBoundingClientRect().right > innerWidth + 1
                && !element.parentElement.closest('.ck-table-box'))
        .map(element => element.tagName + ' ' + element.textContent.trim().slice(0, 40))""")


def squeezed_on_a_phone(page) -> list[str]:
    """What a narrow window squeezes out of the lesson's tools: a part of a tool that
    scrolls or clips inside it (a field a few pixels wider than its tool, a text box
    taller than its row), a drop-down too low to tap (under 24 px, WCAG 2.5.8), a chart
    whose text shrank below 10 px (drawn 600 units wide, its text was 5 px high on a
    phone). Wide tables scroll in their own boxes by design and are left out."""
    return page.evaluate("""() => {
        const found = [];
        for (const element of document.querySelectorAll('#rendered_cells .ck-tool *')) {
            if (element.closest('.ck-table-box, .ck-visually-hidden')
                || ['TEXTAREA', 'SELECT', 'INPUT'].includes(element.tagName)) continue;
            const style = getComputedStyle(element);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            if (element.scrollWidth > element.clientWidth + 1
                || element.scrollHeight > element.clientHeight + 1) {
                found.push(`scrolls inside: ${element.textContent.trim().slice(0, 40)}`);
            }
        }
        for (const select of document.querySelectorAll('.ck-tool select')) {
            const height = select.getBoundingClientRect().height;
            if (select.offsetParent && height < 24) found.push(`drop-down ${height} px high`);
        }
        for (const text of document.querySelectorAll('.ck-chart svg text')) {
            const height = text.getBoundingClientRect().height;
            if (height && height < 10) found.push(`chart text ${height.toFixed(1)} px high`);
        }
        return found;
    }""")


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast of two opaque CSS colours as browsers compute them ("rgb(r, g, b)")."""
    def luminance(css: str) -> float:
        channels = [int(part) / 255 for part in css[css.index("(") + 1:-1].split(",")[:3]]
        red, green, blue = (value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
                            for value in channels)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def open_lesson(page, base: str, notebook: str) -> None:
    page.goto(lesson_url(base, notebook), timeout=READY_TIMEOUT_MS)
    wait_until_restored(page)
