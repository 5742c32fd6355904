"""`make bench`: each lesson's dashboard measured against a one-slider reference notebook,
side by side in one run on this machine, with the ratios the kit targets.

Not a test: timings on a shared machine are noisy, which is why every figure is a
ratio to the reference measured in the same run. Writes bench/results.json and
bench/results.md, and with --update-readme puts the table into README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import re
import shutil
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil
from playwright.async_api import async_playwright

from tests.browser import CHROMIUM, CHROMIUM_ARGS, VoilaServer

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "reference.ipynb"
TARGETS = {  # ratio to the reference, and whether lower is better
    "tti_cold": 1.15, "tti_preheated": 0.65, "round_trip": 1.2, "kernel_pss_mb": 1.25,
}
INTERACTIVE = """() => {
    const text = document.body.innerText;
    if (document.querySelector('.ck-tool')) {
        return text.includes('saved as you go') || text.includes('Nothing saved yet');
    }
    return text.includes('Value is');
}"""
# Watches every HTML output for the first change after a control is used.
WATCH = """() => {
    window.__firstChange = null;
    const observer = new MutationObserver(() => {
        if (window.__firstChange === null) window.__firstChange = performance.now();
    });
    document.querySelectorAll('.widget-html-content, .widget-label')
        .forEach(node => observer.observe(node, {childList: true, subtree: true, characterData: true}));
}"""


def make_root(lessons: list[str], with_reference: bool = True) -> Path:
    """A folder laid out like the repository with the lessons (and the reference)."""
    root = Path(tempfile.mkdtemp(prefix="ck-bench-"))
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "voila.json", root / "voila.json")
    if with_reference:
        shutil.copy(ROOT / "bench" / REFERENCE, root / "notebooks" / REFERENCE)
    for lesson in lessons:
        shutil.copy(ROOT / "notebooks" / lesson, root / "notebooks" / lesson)
    return root


def kernel_memory_mb(kernel_id: str) -> tuple[float, float]:
    for process in psutil.process_iter(["cmdline"]):
        if any(f"kernel-{kernel_id}" in part for part in process.info["cmdline"] or []):
            info = process.memory_full_info()
            return info.rss / 2**20, info.pss / 2**20
    return float("nan"), float("nan")


async def load(browser, url: str, timeout_s: float = 120) -> tuple[float, object, object]:
    """Seconds from asking for the page until it is interactive; the open page."""
    context = await browser.new_context()
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=timeout_s * 1000)
    await page.wait_for_function(INTERACTIVE, timeout=timeout_s * 1000)
    return time.perf_counter() - start, page, context


async def round_trip_ms(page, repeats: int = 5) -> float | None:
    """Median time from using a control to the first visible change of an output."""
    times = []
    for index in range(repeats):
        await page.evaluate(WATCH)
        slider = page.locator(".widget-slider .noUi-handle, .widget-slider [role=slider]")
        if await slider.count():
            start = await page.evaluate("() => performance.now()")
            await slider.first.press("ArrowRight")
        else:
            target = page.locator(".ck-tool select").first
            if not await target.count():
                return None
            options = await target.locator("option").all_inner_texts()
            if len(options) < 2:
                return None
            start = await page.evaluate("() => performance.now()")
            await target.select_option(index=(index % (len(options) - 1)) + 1)
        try:
            await page.wait_for_function("() => window.__firstChange !== null", timeout=5000)
        except Exception:  # noqa: BLE001 - no visible result: reported as not measured
            return None
        times.append(await page.evaluate("() => window.__firstChange") - start)
        await page.wait_for_timeout(300)
    return statistics.median(times)


async def measure_server(server_url: str, notebooks: list[str], loads: int, preheated: bool,
                         refill_wait: float) -> dict:
    results = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for notebook in notebooks:
            url = f"{server_url}/voila/render/{notebook}"
            times, extra = [], {}
            for attempt in range(loads):
                seconds, page, context = await load(browser, url)
                times.append(seconds)
                if attempt == 0 and not preheated:
                    kernel_id = await page.evaluate(
                        "() => JSON.parse(document.getElementById('jupyter-config-data')"
                        ".textContent).kernelId")
                    await page.wait_for_timeout(1000)
                    extra["kernel_rss_mb"], extra["kernel_pss_mb"] = kernel_memory_mb(kernel_id)
                    extra["round_trip"] = await round_trip_ms(page)
                await context.close()
                await asyncio.sleep(refill_wait)
            key = "tti_preheated" if preheated else "tti_cold"
            results[notebook] = {key: statistics.median(times), f"{key}_all": times, **extra}
        await browser.close()
    return results


async def burst(server_url: str, notebook: str, size: int) -> float:
    """Seconds until all of ``size`` pages opened at once are interactive."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        start = time.perf_counter()
        opened = await asyncio.gather(*(load(browser, f"{server_url}/voila/render/{notebook}", 300)
                                        for _ in range(size)))
        elapsed = time.perf_counter() - start
        for _seconds, _page, context in opened:
            await context.close()
        await browser.close()
    return elapsed


def pools_filled(server: VoilaServer, notebooks: list[str], size: int) -> bool:
    log = server.log_path.read_text(errors="replace")
    return all(f"Kernel pool of {name} is filled with {size} kernel(s)" in log for name in notebooks)


def ratios(results: dict) -> dict:
    reference = results[REFERENCE]
    table = {}
    for notebook, figures in results.items():
        table[notebook] = {}
        for key in ("tti_cold", "tti_preheated", "round_trip", "kernel_pss_mb", "burst"):
            base_key = "tti_cold" if key == "tti_preheated" else key
            value, base = figures.get(key), reference.get(base_key)
            table[notebook][key] = value / base if value and base else None
    return table


def verdict(key: str, ratio: float | None) -> str:
    if ratio is None:
        return "n/a"
    limit = TARGETS.get(key)
    if limit is None:
        return f"{ratio:.2f}"
    return f"{ratio:.2f} {'ok' if ratio <= limit else 'MISSED'}"


def markdown(results: dict, table: dict, meta: dict) -> str:
    lines = [
        f"Measured {meta['date']} on {meta['machine']}; {meta['loads']} loads per figure (median), "
        f"burst of {meta['burst_size']} pages opened at once (cold kernels).",
        "",
        "| notebook | interactive, cold (s) | preheated (s) | round trip (ms) | kernel PSS (MB) | "
        "burst (s) |",
        "|---|---|---|---|---|---|",
    ]
    for notebook, figures in results.items():
        ratio = table[notebook]

        def cell(key, fmt, figures=figures, ratio=ratio, notebook=notebook):
            value = figures.get(key)
            if value is None:
                return "n/a"
            shown = format(value, fmt)
            return shown if notebook == REFERENCE else f"{shown} ({verdict(key, ratio[key])})"

        lines.append(f"| {notebook} | {cell('tti_cold', '.2f')} | {cell('tti_preheated', '.2f')} | "
                     f"{cell('round_trip', '.0f')} | {cell('kernel_pss_mb', '.1f')} | "
                     f"{cell('burst', '.1f')} |")
    lines += ["", "In brackets: the ratio to the reference and whether it meets the target "
              "(cold ≤ 1.15, preheated ≤ 0.65 of the reference's cold time, round trip ≤ 1.2, "
              "kernel memory ≤ 1.25)."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--burst", type=int, default=20, help="pages opened at once (0: skip)")
    parser.add_argument("--burst-lessons", default="00_start_here.ipynb",
                        help="comma-separated lessons to burst, besides the reference")
    parser.add_argument("--lessons", default="", help="comma-separated notebooks (default: all)")
    parser.add_argument("--update-readme", action="store_true")
    args = parser.parse_args()
    lessons = [name for name in args.lessons.split(",") if name] or \
        sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    notebooks = [REFERENCE, *lessons]
    root = make_root(lessons)
    results = {name: {} for name in notebooks}

    cold_args = ["--VoilaConfiguration.preheat_kernel=False"]
    with VoilaServer(root, extra_args=cold_args, template_root=ROOT) as server:
        for name, figures in asyncio.run(measure_server(server.url, notebooks, args.loads,
                                                        False, 1.0)).items():
            results[name].update(figures)
        if args.burst:
            for name in [REFERENCE, *args.burst_lessons.split(",")]:
                results[name]["burst"] = asyncio.run(burst(server.url, name, args.burst))
                time.sleep(5)

    pool = args.loads
    pool_args = [f"--VoilaKernelManager.kernel_pools_config="
                 f"{json.dumps({'default': {'pool_size': pool}})}"]
    with VoilaServer(root, extra_args=pool_args, template_root=ROOT) as server:
        deadline = time.monotonic() + 600
        while not pools_filled(server, notebooks, pool) and time.monotonic() < deadline:
            time.sleep(2)
        time.sleep(5)
        for name, figures in asyncio.run(measure_server(server.url, notebooks, args.loads,
                                                        True, 0.5)).items():
            results[name].update(figures)
    shutil.rmtree(root, ignore_errors=True)

    meta = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
                   f"{platform.system()} {platform.machine()}, Python {platform.python_version()}",
        "loads": args.loads, "burst_size": args.burst,
    }
    table = ratios(results)
    report = markdown(results, table, meta)
    out = ROOT / "bench"
    (out / "results.json").write_text(json.dumps({"meta": meta, "results": results, "ratios": table},
                                                 indent=2) + "\n")
    (out / "results.md").write_text(report + "\n")
    print(report)
    if args.update_readme:
        readme = ROOT / "README.md"
        text = readme.read_text()
        block = f"<!-- bench:start -->\n{report}\n<!-- bench:end -->"
        readme.write_text(re.sub(r"<!-- bench:start -->.*?<!-- bench:end -->", block, text, flags=re.S))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
