"""`make check`: is this computer ready for a workshop?

Run the night before a session (and on a participant's laptop): it checks the Python
version, every package pinned in requirements.txt, that the three widget packages are
a matching set, that the kit imports from this folder, every data file, the links
between lessons, every lesson executed headless, and every lesson rendered by Voila.
It prints one line per check (✓ OK / ✗ PROBLEM) with a concrete fix under each
problem, exits 0 when all pass and 1 otherwise, and never needs the internet.

Each check is a small function returning a ``Result``; its inputs (a requirements
file, a data folder, a notebook folder, a package name) are parameters so tests can
hand it a simulated problem. Standard library plus nbclient/nbformat, which are
installed with JupyterLab.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDGET_PACKAGES = ("ipywidgets", "jupyterlab_widgets", "widgetsnbextension")
# ipywidgets minor series -> the jupyterlab_widgets and widgetsnbextension series
# released with it. Other combinations are the classic cause of widgets that
# silently do not render.
COMPATIBLE_WIDGET_SETS = {
    "8.1": {"jupyterlab_widgets": "3.0", "widgetsnbextension": "4.0"},
}
WIDGET_LABEXTENSION = Path("@jupyter-widgets") / "jupyterlab-manager"
PLAN_FILE = "my-career-plan.json"
CELL_TIMEOUT = 60
SERVER_START_TIMEOUT = 60
RENDER_TIMEOUT = 90
MAX_LISTED = 10
# What Voila puts in a page when a cell failed (tracebacks hidden or shown).
VOILA_ERROR_MARKERS = (
    "There was an error when executing cell",
    "Cell execution timed out",
    "Traceback (most recent call last)",
    'data-mime-type="application/vnd.jupyter.stderr"',
)


@dataclass(frozen=True)
class Result:
    """One line of the checklist: ok, problem or skipped, with details and fixes."""

    name: str
    status: str
    summary: str
    details: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def passed(name: str, summary: str, notes: Iterable[str] = ()) -> Result:
    return Result(name, "ok", summary, notes=tuple(notes))


def failed(name: str, summary: str, details: Iterable[str] = (), fixes: Iterable[str] = ()) -> Result:
    return Result(name, "problem", summary, tuple(details), tuple(dict.fromkeys(fixes)))


def skipped(name: str, reason: str) -> Result:
    return Result(name, "skipped", reason)


# --- helpers ----------------------------------------------------------------------------
def python_command(root: Path = ROOT) -> str:
    """How to type this interpreter from the kit's folder (".venv/bin/python")."""
    executable = Path(sys.executable)
    with contextlib.suppress(ValueError):
        return str(executable.relative_to(root))
    return str(executable)


def installed_version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)")


def read_pins(requirements: Path) -> dict[str, str]:
    """Package -> pinned version for every ``name==version`` line (following ``-r``)."""
    pins: dict[str, str] = {}
    for raw in requirements.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line.startswith(("-r ", "--requirement ")):
            pins.update(read_pins(requirements.parent / line.split(None, 1)[1]))
            continue
        match = PIN.match(line)
        if match:
            pins[match.group(1)] = match.group(2)
    return pins


def lesson_paths(notebook_dir: Path) -> list[Path]:
    return sorted(notebook_dir.glob("*.ipynb"))


def first_heading(notebook_path: Path) -> str | None:
    """The text of the lesson's first Markdown heading, without its markup."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        for line in _source(cell).splitlines():
            match = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if match:
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", match.group(1))
                return re.sub(r"\*\*|__|[*`]", "", text).strip()
    return None


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _relative(path: Path, root: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(root.resolve()))
    return str(path)


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _listed(items: list[str]) -> list[str]:
    if len(items) <= MAX_LISTED:
        return items
    return [*items[:MAX_LISTED], f"... and {len(items) - MAX_LISTED} more"]


# --- the checks ---------------------------------------------------------------------------
def check_python(version: tuple[int, ...] | None = None, pyproject: Path = ROOT / "pyproject.toml") -> Result:
    """The interpreter is at least the version pyproject.toml requires."""
    version = tuple(version or sys.version_info[:3])
    match = re.search(r'requires-python\s*=\s*">=\s*(\d+)\.(\d+)', pyproject.read_text(encoding="utf-8"))
    minimum = (int(match.group(1)), int(match.group(2))) if match else (3, 10)
    shown = ".".join(str(part) for part in version)
    needed = f"{minimum[0]}.{minimum[1]}"
    if version[:2] >= minimum:
        return passed("Python", f"Python {shown} (the kit needs {needed} or newer)")
    return failed(
        "Python", f"Python {shown} is too old: the kit needs {needed} or newer",
        fixes=[f"install Python {needed} or newer (python.org, or your system's package manager)",
               f"then run: make clean && make install PYTHON=python{needed}"],
    )


def check_pinned_packages(requirements: Path = ROOT / "requirements.txt",
                          version_of: Callable[[str], str | None] = installed_version,
                          python: str | None = None) -> Result:
    """Every package pinned in requirements.txt is installed at exactly that version."""
    name = "Packages"
    pins = read_pins(requirements)
    if not pins:
        return failed(name, f"{requirements.name} pins no packages",
                      fixes=[f"restore {requirements.name} from the kit's repository"])
    details = []
    for package, pinned in pins.items():
        installed = version_of(package)
        if installed is None:
            details.append(f"{package}: not installed (pinned {pinned})")
        elif installed != pinned:
            details.append(f"{package}: {installed} installed, {pinned} pinned")
    if not details:
        return passed(name, f"all {len(pins)} packages pinned in {requirements.name} are installed "
                            "at their versions")
    return failed(name, f"{len(details)} of {len(pins)} pinned packages are missing or at another version",
                  details, [f"run: {python or python_command()} -m pip install -r {requirements.name}"])


def default_labextension_dirs() -> list[Path]:
    """Where JupyterLab looks for front-end extensions, first match wins."""
    from jupyter_core.paths import jupyter_path

    return [Path(folder) for folder in jupyter_path("labextensions")]


def check_widget_packages(requirements: Path = ROOT / "requirements.txt",
                          version_of: Callable[[str], str | None] = installed_version,
                          labextension_dirs: list[Path] | None = None,
                          prefix: Path | None = None,
                          python: str | None = None) -> Result:
    """ipywidgets, jupyterlab_widgets and widgetsnbextension: installed as pinned, a
    matching set, and the widget front end JupyterLab loads is the installed one."""
    name = "Widget packages in sync"
    python = python or python_command()
    pins = {normalise(package): version for package, version in read_pins(requirements).items()}
    details, fixes = [], []
    installed = {package: version_of(package) for package in WIDGET_PACKAGES}
    for package in WIDGET_PACKAGES:
        pinned = pins.get(normalise(package))
        if pinned is None:
            details.append(f"{package} is not pinned in {requirements.name}")
            fixes.append(f"pin {package} in {requirements.name} next to the other two widget packages")
        elif installed[package] != pinned:
            have = installed[package] or "not installed"
            details.append(f"{package}: {have}, but {requirements.name} pins {pinned}")
            fixes.append(f"run: {python} -m pip install -r {requirements.name}")
    pinned_set = {package: pins.get(normalise(package)) for package in WIDGET_PACKAGES}
    if all(pinned_set.values()):
        series = ".".join(pinned_set["ipywidgets"].split(".")[:2])
        partners = COMPATIBLE_WIDGET_SETS.get(series)
        wrong = [package for package, expected in (partners or {}).items()
                 if not pinned_set[package].startswith(expected + ".")]
        if partners is None or wrong:
            known = "; ".join(f"ipywidgets {key}.x with " + ", ".join(f"{p} {v}.x" for p, v in pair.items())
                              for key, pair in COMPATIBLE_WIDGET_SETS.items())
            details.append("the pinned versions are not a matching set: "
                           + ", ".join(f"{p} {v}" for p, v in pinned_set.items()))
            fixes.append(f"edit {requirements.name} so the three move together ({known})")
    if installed["jupyterlab_widgets"]:
        shipped = Path(prefix or sys.prefix) / "share" / "jupyter" / "labextensions" / WIDGET_LABEXTENSION
        folders = default_labextension_dirs() if labextension_dirs is None else labextension_dirs
        loaded = next((folder / WIDGET_LABEXTENSION for folder in folders
                       if (folder / WIDGET_LABEXTENSION / "package.json").is_file()), None)
        if loaded is None:
            details.append("JupyterLab cannot find the widget front end "
                           "(@jupyter-widgets/jupyterlab-manager)")
            version = pins.get("jupyterlab-widgets", installed["jupyterlab_widgets"])
            fixes.append(f"run: {python} -m pip install --force-reinstall --no-deps "
                         f"jupyterlab_widgets=={version}")
        elif loaded.resolve() != shipped.resolve():
            loaded_version = _package_json_version(loaded)
            shipped_version = _package_json_version(shipped)
            if loaded_version != shipped_version:
                details.append(f"JupyterLab would load the widget front end {loaded_version} from {loaded}, "
                               f"not {shipped_version} installed with jupyterlab_widgets")
                fixes.append(f"move the old copy away: mv {loaded} {loaded}.old")
    if details:
        return failed(name, "the widget packages do not match: widgets may silently not render",
                      details, fixes)
    return passed(name, ", ".join(f"{package} {installed[package]}" for package in WIDGET_PACKAGES))


def _package_json_version(folder: Path) -> str:
    try:
        return json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "(unknown version)"


def check_kit_imports(root: Path = ROOT, package: str = "widgets", python: str | None = None,
                      interpreter: str | None = None, timeout: float = 60) -> Result:
    """The kit imports as a kernel would (from notebooks/, not from the repository root),
    from this folder, and every tool a lesson opens can be loaded."""
    name = "The kit imports"
    python_cmd = python or python_command(root)
    probe = (
        "import importlib, json, sys\n"
        f"kit = importlib.import_module({package!r})\n"
        "names = sorted(getattr(kit, '__all__', []))\n"
        "for tool in names:\n"
        "    getattr(kit, tool)\n"
        "print(json.dumps({'file': kit.__file__, 'tools': names}))\n"
    )
    where = root / "notebooks" if (root / "notebooks").is_dir() else root
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    try:
        run = subprocess.run([interpreter or sys.executable, "-c", probe], cwd=where, env=env,
                             capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return failed(name, f"importing the kit did not finish within {timeout:.0f} s",
                      fixes=[f"run: {python_cmd} -c 'import {package}' to see where it stops"])
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["(no message)"])[-1]
        if f"No module named '{package}'" in last:
            return failed(name, f"the kit ({package}) is not installed in this environment", [last],
                          [f"run: {python_cmd} -m pip install -r requirements.txt (or: make install)"])
        return failed(name, f"importing the kit ({package}) fails", [_shorten(last, 300)],
                      [f"if you changed {package}/, undo that change (git diff {package}/ shows it)",
                       f"otherwise run: {python_cmd} -m pip install -r requirements.txt"])
    found = json.loads(run.stdout.strip().splitlines()[-1])
    location = Path(found["file"]).resolve().parent
    expected = (root / package).resolve()
    if location != expected:
        return failed(name, f"the kit is imported from another copy: {location}",
                      [f"expected {expected}"],
                      [f"run from this folder: {python_cmd} -m pip install -e ."])
    return passed(name, f"{package} imports from this folder with its {len(found['tools'])} tools")


def check_data(directory: Path | None = None, root: Path = ROOT) -> Result:
    """Every data file passes the validator of `make check-data` (cells and the rules that
    span columns)."""
    from widgets.data import DATA_DIR_ENV, TABLES, check_all, data_dir, is_kits_own, load_table

    name = "Data files"
    folder = directory or data_dir()
    where = _relative(folder, root)
    problems = check_all(folder)
    if not problems:
        counts = ", ".join(f"{spec.file} ({len(load_table(key, folder))} rows)"
                           for key, spec in TABLES.items())
        return passed(name, f"{len(TABLES)} files in {where}/ are valid: {counts}")
    fixes = []
    for problem in problems:
        if problem.line > 0:
            column = f", column {problem.column}" if problem.column else ""
            fixes.append(f"edit {problem.file} line {problem.line}{column}")
        else:
            fixes.append(f"put {problem.file} back (copy it from the kit's repository) "
                         "or save it as 'CSV UTF-8'")
    count = len(problems)
    return failed(name, f"{count} problem{'s' if count != 1 else ''} in {where}/",
                  _listed([str(problem) for problem in problems]),
                  [*_listed(list(dict.fromkeys(fixes))), "then run: " + (
                      "make check-data" if is_kits_own(folder)
                      else f"{DATA_DIR_ENV}={folder} make check-data")])


LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href=[\"']([^\"']+)[\"']")


def check_lesson_links(notebook_dir: Path, root: Path = ROOT) -> Result:
    """Every relative link in a lesson's text points to a file that exists."""
    name = "Links between lessons"
    lessons = lesson_paths(notebook_dir)
    details, fixes, count = [], [], 0
    for lesson in lessons:
        notebook = json.loads(lesson.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") != "markdown":
                continue
            for match in LINK.finditer(_source(cell)):
                target = match.group(1) or match.group(2)
                parsed = urllib.parse.urlparse(target)
                if parsed.scheme or parsed.netloc or not parsed.path or target.startswith("/"):
                    continue
                count += 1
                if not (lesson.parent / urllib.parse.unquote(parsed.path)).exists():
                    details.append(f"{_relative(lesson, root)} links to {parsed.path}, which does not exist")
                    fixes.append(f"add {parsed.path} or correct the link in {_relative(lesson, root)}")
    if details:
        return failed(name, f"{len(details)} broken link{'s' if len(details) != 1 else ''} in the lessons",
                      _listed(details), _listed(fixes))
    if not count:
        return passed(name, f"no links to check in the {len(lessons)} lesson(s)")
    return passed(name, f"all {count} links in the {len(lessons)} lessons lead to a file that exists")


def check_plan_file(root: Path = ROOT, path: Path | None = None) -> Result:
    """A plan left by a rehearsal is pointed out; one the kit cannot read is a problem."""
    from widgets.plan import PlanError
    from widgets.storage import PLAN_FILE_ENV, FilePlanStore

    name = "Plan file"
    configured = os.environ.get(PLAN_FILE_ENV)
    plan_path = path or (Path(configured).expanduser() if configured else root / "notebooks" / PLAN_FILE)
    shown = _relative(plan_path, root)
    if not plan_path.exists():
        return passed(name, f"no plan in {shown} yet: your demonstration starts with an empty plan")
    try:
        plan = FilePlanStore(plan_path).load()
    except PlanError as error:
        return failed(name, f"{shown} cannot be read by the kit", [_shorten(str(error), 300)],
                      [f"move it away before the workshop: mv {shown} {shown}.old"])
    if plan.is_empty():
        return passed(name, f"{shown} holds an empty plan")
    return passed(name, f"{shown} holds a plan (last saved {plan.updated[:16].replace('T', ' ')} UTC)",
                  ["the lessons will open with it; for a clean demonstration use 'Clear my data' in "
                   f"00 Start here, or move it away: mv {shown} {shown}.old"])


def check_lessons_run(notebooks: list[Path], data_directory: Path | None = None, root: Path = ROOT,
                      timeout: int = CELL_TIMEOUT, concurrency: int = 4) -> Result:
    """Every lesson runs top to bottom in a fresh kernel without an error, as
    'Restart Kernel and Run All Cells' would, with its plan in a temporary file."""
    name = "Lessons run"
    if not notebooks:
        return failed(name, "there are no lessons to run", fixes=["check that notebooks/ holds the lessons"])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="career-kit-check-") as scratch, \
            ThreadPoolExecutor(max_workers=1) as own_loop:
        # A thread of its own: the caller may already run an event loop (a notebook).
        outcomes = own_loop.submit(asyncio.run, _run_lessons(notebooks, Path(scratch), data_directory,
                                                             timeout, concurrency)).result()
    seconds = time.monotonic() - started
    details, fixes, notes = [], [], []
    for lesson, (error, warnings) in zip(notebooks, outcomes, strict=True):
        shown = _relative(lesson, root)
        notes.extend(f"{shown}: {warning}" for warning in warnings)
        if error:
            details.append(f"{shown}: {error[0]}")
            fixes.append(f"open {shown} in JupyterLab (make run), choose Kernel → Restart Kernel and Run "
                         f"All Cells…, and read the error under {error[1]}")
    if details:
        fixes.append("if you edited data/, run: make check-data first (a bad row stops a lesson)")
        return failed(name, f"{len(details)} of {len(notebooks)} lessons stop with an error "
                            f"({seconds:.1f} s)", details, fixes)
    return passed(name, f"all {len(notebooks)} lessons run headless without an error ({seconds:.1f} s)",
                  _listed(notes))


async def _run_lessons(notebooks, scratch: Path, data_directory, timeout, concurrency):
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int, lesson: Path):
        async with gate:
            return await _run_lesson(lesson, scratch / f"lesson-{index}", data_directory, timeout)

    return await asyncio.gather(*(one(index, lesson) for index, lesson in enumerate(notebooks)))


async def _run_lesson(lesson: Path, scratch: Path, data_directory, timeout):
    """(None or (message, where in the notebook), [warnings]) for one lesson."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    scratch.mkdir(parents=True)
    env = dict(os.environ, CAREER_KIT_PLAN=str(scratch / PLAN_FILE))
    if data_directory is not None:
        env["CAREER_KIT_DATA"] = str(data_directory)
    try:
        notebook = nbformat.read(lesson, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook is reported, not raised
        return (f"is not a readable notebook ({_shorten(error)})", "the first cell"), []
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(lesson.parent)}})
    log_path = scratch / "kernel.log"
    with open(log_path, "w", encoding="utf-8") as kernel_log:
        try:
            await client.async_execute(env=env, stderr=kernel_log, stdout=kernel_log)
        except CellTimeoutError:
            cell = _last_started_cell(notebook)
            return (f"cell {cell} did not finish within {timeout} s", f"cell {cell}"), []
        except CellExecutionError as error:
            cell = _failing_cell(notebook)
            return (f"cell {cell} raised {error.ename}: {_shorten(error.evalue)}", f"cell {cell}"), []
        except Exception as error:  # noqa: BLE001 - a kernel that cannot start is reported too
            tail = " ".join(log_path.read_text(encoding="utf-8", errors="replace").split()[-30:])
            message = f"the kernel failed: {type(error).__name__}: {_shorten(error)}"
            return (message + (f" (kernel output: {_shorten(tail)})" if tail else ""),
                    "the first cell"), []
    return None, _warnings(notebook)


def _code_label(notebook, index: int) -> str:
    cell = notebook.cells[index]
    first = next((line for line in _source(cell).splitlines() if line.strip()), "")
    number = sum(1 for other in notebook.cells[: index + 1] if other.cell_type == "code")
    return f"[{number}] ({_shorten(first, 60)})"


def _failing_cell(notebook) -> str:
    for index, cell in enumerate(notebook.cells):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return _code_label(notebook, index)
    return "(unknown)"


def _last_started_cell(notebook) -> str:
    ran = [index for index, cell in enumerate(notebook.cells)
           if cell.cell_type == "code" and cell.get("execution_count")]
    return _code_label(notebook, ran[-1]) if ran else "(unknown)"


def _warnings(notebook) -> list[str]:
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = next((line for line in output.get("text", "").splitlines() if line.strip()), "")
                found.append(f"cell {_code_label(notebook, index)} printed a warning: {_shorten(text, 120)}")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_dashboards_render(notebooks: list[Path], notebook_dir: Path, root: Path = ROOT,
                            data_directory: Path | None = None, concurrency: int = 4,
                            voila: Path | None = None) -> Result:
    """One Voila on a free 127.0.0.1 port, as `make dashboards` starts it (repository
    voila.json): each lesson must answer 200, show its first heading and no error."""
    name = "Dashboards render"
    voila = voila or Path(sys.executable).parent / "voila"
    if not voila.exists():
        return failed(name, "Voila is not installed in this environment",
                      fixes=[f"run: {python_command(root)} -m pip install -r requirements.txt"])
    if not notebooks:
        return failed(name, "there are no lessons to render",
                      fixes=["check that notebooks/ holds the lessons"])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="career-kit-voila-") as scratch:
        env = dict(os.environ, CAREER_KIT_PLAN=str(Path(scratch) / PLAN_FILE))
        templates = root / "share" / "jupyter"
        if templates.is_dir():  # the kit's Voila template, as `make dashboards` finds it
            env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(templates), env.get("JUPYTER_PATH")]))
        if data_directory is not None:
            env["CAREER_KIT_DATA"] = str(data_directory)
        log_path = Path(tempfile.gettempdir()) / f"career-kit-check-voila-{os.getpid()}.log"
        with VoilaProcess(voila, notebook_dir, root, env, log_path) as server:
            if server.error:
                return failed(name, f"Voila did not start: {server.error}", [server.log_tail()],
                              [f"read Voila's log: {log_path}",
                               f"run: {python_command(root)} -m pip install -r requirements.txt"])
            base = server.url
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                verdicts = list(pool.map(lambda lesson: _render_problem(base, lesson, notebook_dir),
                                         notebooks))
    seconds = time.monotonic() - started
    broken = [(lesson, problem) for lesson, problem in zip(notebooks, verdicts, strict=True) if problem]
    if broken:
        fixes = [f"run {_relative(lesson, root)} in JupyterLab (make run) to see the error, then look at it "
                 f"as a dashboard: make dashboards, and open http://127.0.0.1:8866/voila/render/{lesson.name}"
                 for lesson, _problem in broken]
        return failed(name, f"{len(broken)} of {len(notebooks)} lessons do not render as dashboards "
                            f"({seconds:.1f} s)",
                      [f"{lesson.name}: {problem}" for lesson, problem in broken],
                      [*_listed(fixes), f"Voila's log from this check: {log_path}"])
    log_path.unlink(missing_ok=True)
    return passed(name, f"Voila renders all {len(notebooks)} lessons ({seconds:.1f} s)")


def _render_problem(base: str, lesson: Path, notebook_dir: Path) -> str | None:
    relative = urllib.parse.quote(lesson.relative_to(notebook_dir).as_posix())
    try:
        with urllib.request.urlopen(f"{base}/voila/render/{relative}", timeout=RENDER_TIMEOUT) as response:
            status, body = response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code} instead of 200"
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        return f"no answer ({_shorten(error)})"
    if status != 200:
        return f"HTTP {status} instead of 200"
    marker = next((marker for marker in VOILA_ERROR_MARKERS if marker in body), None)
    if marker:
        cell = re.search(r"error when executing cell \[(\d+)\]", body)
        return f"shows an error{f' in cell [{cell.group(1)}]' if cell else ''} on the page"
    heading = first_heading(lesson)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())
    if heading and " ".join(heading.split()) not in text:
        return f"the page does not show the lesson's heading '{_shorten(heading, 80)}'"
    return None


class VoilaProcess:
    """`voila <notebook_dir>` on a free port of 127.0.0.1, run from ``root`` so its
    voila.json applies; stopped by its PID (Voila then shuts down its kernels).

    Preheating is switched off here: each lesson is rendered once, on request. With it,
    Voila would run every lesson twice (once for its pool, once more to refill the pool
    after the render), doubling the check's work for nothing the check looks at; the
    rest of voila.json (template, stripped sources, hidden tracebacks, kernel manager)
    applies as it does for `make dashboards`."""

    def __init__(self, voila: Path, notebook_dir: Path, root: Path, env: dict, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [str(voila), str(notebook_dir), "--no-browser", "--Voila.ip=127.0.0.1",
                        f"--port={self.port}", "--Voila.port_retries=0",
                        "--VoilaConfiguration.preheat_kernel=False"]
        self.root, self.env, self.log_path = root, env, log_path
        self.process: subprocess.Popen | None = None
        self.error: str | None = None

    def __enter__(self) -> VoilaProcess:
        self.log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(self.command, cwd=self.root, env=self.env, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        ready = f"127.0.0.1:{self.port}/"
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.error = f"it exited with code {self.process.returncode}"
                return self
            # Voila logs its address once it listens; with port_retries=0 that port is ours.
            if ready in self.log_path.read_text(encoding="utf-8", errors="replace"):
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", self.port), timeout=5).close()
                    return self
            time.sleep(0.2)
        self.error = f"it did not answer within {SERVER_START_TIMEOUT} s"
        return self

    def log_tail(self, lines: int = 3) -> str:
        text = self.log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        return _shorten(" | ".join(text[-lines:]) or "(Voila wrote nothing)", 400)

    def __exit__(self, *exc) -> None:
        process = self.process
        if process and process.poll() is None:
            children = _child_pids(process.pid)
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            # Voila shuts its kernels down on SIGTERM; end any it left behind, by PID.
            for pid in children:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, 15)
        self.log.close()


def _child_pids(parent: int) -> list[int]:
    """PIDs whose parent is ``parent`` (Linux /proc; elsewhere none are known)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == parent:
                children.append(int(stat.parent.name))
    return children


# --- the whole checklist ------------------------------------------------------------------
def run_checks(root: Path = ROOT, report: Callable[[Result], None] | None = None,
               notebook_dir: Path | None = None, data_directory: Path | None = None,
               quick: bool = False) -> list[Result]:
    """All checks in order; ``report`` is called with each result as soon as it is known.
    ``quick`` leaves out running the lessons and Voila (a few seconds instead of ~30)."""
    from widgets.data import DATA_DIR_ENV

    notebook_dir = notebook_dir or root / "notebooks"
    if data_directory is None:
        configured = os.environ.get(DATA_DIR_ENV)
        data_directory = Path(configured) if configured else root / "data"
    requirements = root / "requirements.txt"
    python = python_command(root)
    results: list[Result] = []

    def add(result: Result) -> Result:
        results.append(result)
        if report:
            report(result)
        return result

    add(guarded("Python", check_python, pyproject=root / "pyproject.toml"))
    add(guarded("Packages", check_pinned_packages, requirements, python=python))
    add(guarded("Widget packages in sync", check_widget_packages, requirements, python=python))
    kit = add(guarded("The kit imports", check_kit_imports, root, python=python))
    add(guarded("Data files", check_data, data_directory, root))
    add(guarded("Links between lessons", check_lesson_links, notebook_dir, root))
    add(guarded("Plan file", check_plan_file, root))
    lessons = lesson_paths(notebook_dir)
    if quick:
        return results
    if not kit.ok:
        reason = "skipped: the kit does not import (fix that first)"
        add(skipped("Lessons run", reason))
        add(skipped("Dashboards render", reason))
        return results
    with ThreadPoolExecutor(max_workers=1) as pool:
        dashboards = pool.submit(guarded, "Dashboards render", check_dashboards_render, lessons,
                                 notebook_dir, root, data_directory)
        add(guarded("Lessons run", check_lessons_run, lessons, data_directory, root))
        add(dashboards.result())
    return results


def guarded(name: str, check: Callable[..., Result], *args, **kwargs) -> Result:
    """A check that crashes is reported as a problem; the rest of the list still runs."""
    try:
        return check(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - the checklist must always finish
        return failed(name, f"the check itself failed: {type(error).__name__}: {_shorten(error)}",
                      fixes=[f"run: {python_command()} -m pip install -r requirements.txt, then make check"])


SYMBOLS = {"ok": ("✓", "OK"), "problem": ("✗", "PROBLEM"), "skipped": ("–", "SKIPPED")}


def format_result(result: Result) -> str:
    symbol, word = SYMBOLS[result.status]
    lines = [f"{symbol} {word:<8} {result.name}: {result.summary}"]
    lines += [f"             {detail}" for detail in result.details]
    lines += [f"             fix: {fix}" for fix in result.fixes]
    lines += [f"             note: {note}" for note in result.notes]
    return "\n".join(lines)


def _print_now(text: str) -> None:
    try:
        print(text, flush=True)
    except UnicodeEncodeError:  # a terminal that cannot show ✓ / ✗ still gets the words
        print(text.encode("ascii", "replace").decode("ascii"), flush=True)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m widgets.check",
        description="Pre-workshop check: packages, data, and every lesson run headless and in Voila. "
                    "Exit code 0 when everything is ready, 1 otherwise. Needs no internet.",
    )
    parser.add_argument("--quick", action="store_true",
                        help="leave out running the lessons headless and in Voila (a few seconds)")
    options = parser.parse_args(argv)
    started = time.monotonic()
    _print_now(f"Pre-workshop check of the career workshop kit in {root}")
    if not options.quick:
        _print_now("(running every lesson headless and in Voila takes about half a minute)")
    results = run_checks(root, report=lambda result: _print_now(format_result(result)),
                         quick=options.quick)
    seconds = time.monotonic() - started
    bad = [result for result in results if not result.ok]
    if not bad:
        ready = ("the kit is ready for a workshop" if not options.quick else
                 "the lessons were not run (--quick); run make check for the full check")
        _print_now(f"All {len(results)} checks passed in {seconds:.0f} s: {ready}.")
        return 0
    _print_now(f"{len(bad)} of {len(results)} checks need attention ({seconds:.0f} s). Fix them from the top "
               "(an early problem can cause later ones), then run: make check")
    return 1


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
    raise SystemExit(130)
