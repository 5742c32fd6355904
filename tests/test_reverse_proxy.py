"""docs/serving.md's reverse proxy, run as written: nginx with the docs' own configuration
in front of Voila under a base URL, on a port of its own. A lesson opened through it must
become interactive (its websocket passes the proxy), answer a change, get its scripts
compressed, and be told to keep the widget extensions' scripts for good (and nothing
else), as the kit's server says under a base URL too. With
`proxy_set_header Host $host` (the docs until 2026-12-03) the server refused the page's
websocket and the page never became interactive."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from bench.run import INTERACTIVE, make_root, round_trip_times_ms
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VoilaServer,
    free_port,
    run_in_own_loop,
    stop_process,
    wait_until_answering,
)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
# `make nginx` unpacks Debian's nginx here.
NGINX = os.environ.get("NGINX_PROGRAM") or str(ROOT / ".tools" / "nginx" / "usr" / "sbin" / "nginx")
LESSON = "00_start_here.ipynb"
DOCS_VOILA = "127.0.0.1:8866"


def documented_nginx_block() -> str:
    docs = (ROOT / "docs" / "serving.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", docs, flags=re.DOTALL)
    assert len(blocks) == 1, "docs/serving.md should hold one nginx configuration"
    return blocks[0]


def nginx_config(folder: Path, port: int, voila_port: int) -> str:
    """The docs' block inside a server of its own: a free port of 127.0.0.1, its files in
    ``folder``, and the test's Voila in place of the docs' port 8866."""
    block = documented_nginx_block()
    assert DOCS_VOILA in block
    block = block.replace(DOCS_VOILA, f"127.0.0.1:{voila_port}")
    temp_paths = "".join(f"    {kind}_temp_path {folder / kind};\n"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"daemon off;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
            "events {}\nhttp {\n"
            f"    access_log {folder / 'access.log'};\n{temp_paths}"
            f"    server {{\n        listen 127.0.0.1:{port};\n{block}    }}\n}}\n")


class Nginx:
    def __init__(self, config: str, folder: Path, port: int):
        self.config_path = folder / "nginx.conf"
        self.config_path.write_text(config)
        self.folder, self.url = folder, f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Nginx:
        # -e: the error log from the start (the package's default is under /var/log).
        self.process = subprocess.Popen([NGINX, "-p", str(self.folder), "-c", str(self.config_path),
                                         "-e", str(self.folder / "error.log")],
                                        stdin=subprocess.DEVNULL)
        wait_until_answering(self.process, self.url + "/careers/", 20,
                             f"nginx (see {self.folder / 'error.log'})")
        return self

    def __exit__(self, *exc) -> None:
        stop_process(self.process, signal.SIGQUIT)  # nginx's graceful stop


async def open_through_proxy(url: str) -> dict:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = await browser.new_context()
        page = await context.new_page()
        cache_control = {}  # address (without its query) -> the Cache-Control it came with
        page.on("response", lambda response: cache_control.setdefault(
            response.url.split("?")[0], response.headers.get("cache-control", "")))
        await page.goto(f"{url}/voila/render/{LESSON}", timeout=90_000)
        await page.wait_for_function(INTERACTIVE, timeout=90_000)
        answers = await round_trip_times_ms(page, LESSON, repeats=2)
        scripts = await page.evaluate(
            "() => performance.getEntriesByType('resource')"
            ".filter(entry => entry.name.endsWith('.js'))"
            ".map(entry => [entry.encodedBodySize, entry.decodedBodySize])")
        await context.close()
        await browser.close()
    return {"answers": answers, "scripts": scripts, "cache_control": cache_control}


def test_a_lesson_works_through_the_documented_nginx_configuration():
    root = make_root([LESSON], with_reference=False)
    folder = Path(tempfile.mkdtemp(prefix="ck-nginx-"))
    try:
        # voila.json as `make dashboards` uses it, preheated kernels included.
        with VoilaServer(root, template_root=ROOT, base_url="/careers/") as voila:
            port = free_port()
            with Nginx(nginx_config(folder, port, voila.port), folder, port) as nginx:
                seen = run_in_own_loop(open_through_proxy(nginx.url + "/careers"))
                with urllib.request.urlopen(nginx.url + "/careers/voila/labextensions/"
                                            "@jupyter-widgets/jupyterlab-manager/package.json",
                                            timeout=10) as response:
                    unhashed_extension_file_cache_control = response.headers["Cache-Control"]
            voila_log = voila.log_path.read_text()
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    assert "Blocking Cross Origin WebSocket" not in voila_log
    assert len(seen["answers"]) == 2 and all(0 < ms < 10_000 for ms in seen["answers"]), seen
    # Compressed: the page's scripts arrive in under half their size.
    encoded = sum(size for size, _decoded in seen["scripts"])
    decoded = sum(decoded for _size, decoded in seen["scripts"])
    assert seen["scripts"] and encoded < decoded / 2, (encoded, decoded)
    # The extensions' scripts (a hash of their content in their names) are kept by the
    # browser for good; the page, Voila's own scripts and the rest are not.
    extension_scripts = {address: header for address, header in seen["cache_control"].items()
                         if "/careers/voila/labextensions/" in address}
    assert len(extension_scripts) >= 10, seen["cache_control"]
    assert all("immutable" in header for header in extension_scripts.values()), extension_scripts
    others = {address: header for address, header in seen["cache_control"].items()
              if address not in extension_scripts}
    assert others and not any("immutable" in header for header in others.values()), others
    assert "immutable" not in unhashed_extension_file_cache_control
