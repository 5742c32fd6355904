"""Build the static site in _site/: the lessons as Voici dashboards on the Pyodide kernel.

Standard library only, and jinja2 for the home page. `make site` runs it with the site
venv's python (.venv-site, from requirements-site.txt), whose `voici` does the page build.
Every visitor's browser then runs the lessons; the built site needs nothing but the static
server it is copied to.

What this adds to a plain `voici build` (see ../shared/voici-notes.md and
docs/serving-static.md):
- the Pyodide runtime from the npm package `pyodide` (the version the kernel expects) in
  static/pyodide/, so pages never fetch it from a CDN;
- the kernel's pure-Python wheels (site/pyodide-packages.txt, hash-pinned, from PyPI),
  the kernel extension's own wheels, an empty sqlite3 stand-in and the kit itself as a
  wheel, all listed in the site's own pyodide-lock.json with their sha256 and preloaded
  when the kernel starts (falling back to PyPI at run time is switched off);
- Font Awesome from the npm package instead of the CDN links in the Voila template;
- the dashboards' home page (the lessons in order) in place of Voici's file browser;
- each lesson marked as its page's main landmark, as the dashboards' template marks it;
- a check that no page, style sheet or config of the site points outside the site.

Downloads (npm, PyPI) happen only when .site-cache/ lacks them; each is checked against
its pinned hash. When _site/ was built from the same sources the build is skipped
(`--force` rebuilds anyway).
"""

from __future__ import annotations

import argparse
import base64
import csv
import email.parser
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the copy pip carries
    from pip._vendor import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SITE_CONFIG = ROOT / "site"
CACHE = ROOT / ".site-cache"
OUTPUT = ROOT / "_site"
STAMP = "build-info.json"
# The dashboards' home page, rendered as the site's own (see write_home_page).
HOME_PAGE = ROOT / "share" / "jupyter" / "voila" / "templates" / "career-kit" / "tree-lab.html"

# npm packages: exact version and the registry's sha512 integrity of the tarball.
PYODIDE = ("pyodide", "0.29.0",
           "sha512-ObIvsTmcrxAWKg+FT1GjfSdDmQc5CabnYe/nn5BCuhr9BVVITeQ24DBdZuG5B2tIiAZ9YonBpnDB7cmHZyd2Rw==")
FONT_AWESOME = ("@fortawesome/fontawesome-free", "5.15.4",
                "sha512-eYm8vijH/hpzr/6/1CJ/V/Eb1xQFW2nnUKArb3z+yUWv7HTwj6M7SP957oMjfZjAHU6qpoNc2wQvIxBLWYa/Jg==")
# The runtime files of the npm package (it also holds type definitions and demo pages).
PYODIDE_RUNTIME = ("pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
                   "package.json")
PYODIDE_PYTHON = "3.13"
PYC_TAG = "cp" + PYODIDE_PYTHON.replace(".", "")
# Node runs this with: the npm Pyodide folder, tools/, the compile cache, and the jobs (JSON).
NODE_COMPILE = """
import { pathToFileURL } from "node:url";
const [runtime, tools, cache, jobs] = process.argv.slice(1);
const { loadPyodide } = await import(pathToFileURL(runtime + "/pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL: runtime + "/" });
pyodide.mountNodeFS("/tools", tools);
pyodide.mountNodeFS("/cache", cache);
pyodide.globals.set("jobs", jobs);
pyodide.runPython(`
import json, sys
from pathlib import Path
sys.path.insert(0, "/tools")
import build_site
for source, target in json.loads(jobs):
    build_site.compile_wheel(Path(source), Path(target))
`);
"""

# Wheels of jupyterlite-pyodide-kernel's extension that the kernel installs at start-up.
KERNEL_EXTENSION = "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
KERNEL_EXTENSION_WHEELS = ("piplite-", "pyodide_kernel-", "ipykernel-")
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

# Requirements that the browser satisfies itself: the widgets' front ends are JupyterLab
# extensions of the site (requirements-site.txt), not Python code the kernel imports.
NOT_NEEDED_IN_KERNEL = {
    "widgetsnbextension": "front end only; the site serves the ipywidgets extension",
    "jupyterlab-widgets": "front end only; the site serves the ipywidgets extension",
}

# Where each marker variable stands in the browser kernel (PEP 508). No extras are installed.
MARKER_ENVIRONMENT = {
    "python_version": PYODIDE_PYTHON, "python_full_version": PYODIDE_PYTHON + ".2",
    "implementation_version": PYODIDE_PYTHON + ".2", "sys_platform": "emscripten",
    "platform_system": "Emscripten", "os_name": "posix", "platform_machine": "wasm32",
    "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": "",
}
VERSION_VARIABLES = {"python_version", "python_full_version", "implementation_version"}

FIXED_ZIP_TIME = (2020, 2, 2, 0, 0, 0)
CDN_FONT_AWESOME = re.compile(
    r"https://cdn\.jsdelivr\.net/npm/(?:@fortawesome/fontawesome-free@\^5|font-awesome@4\.5\.0)/css/"
    r"(all|v4-shims|font-awesome)\.min\.css"
)
EXTERNAL_REFERENCE = re.compile(
    r"""(?:src|href)\s*=\s*["'](?:https?:)?//|url\(\s*["']?(?:https?:)?//|["'](?:https?:)?//[^"'\s]*\.(?:js|mjs|css|wasm|json|whl)["']""",
    re.IGNORECASE,
)
CONTENT_SUFFIXES = {".ipynb", ".png", ".jpg", ".jpeg", ".gif", ".svg"}
# nbconvert's page template imports mermaid.js from cdnjs when a page shows a diagram.
MERMAID_LOADER = re.compile(
    r'<script type="module">(?:(?!</script>).)*?\.jp-Mermaid(?:(?!</script>).)*</script>\s*', re.DOTALL)
# Where the page template puts the lesson's cells; Voila's and Voici's front ends keep it.
LESSON_CELLS = '<div id="rendered_cells" style="display: none">'
# Passes ?theme=dark on to the pages a page links to, as in the dashboards' template.
THEME_LINKS = HOME_PAGE.parent / "theme_links.js"

# JupyterLite waits for its service worker for good where the browser offers none (a page
# over plain http:// from any machine but the visitor's own): the lesson stayed at
# "Running…". It gives up on the worker as when registering it fails, and the lessons
# work without one (the kit does not use the file system the worker provides).
NO_SERVICE_WORKER = 'else console.warn("ServiceWorkers not supported in this browser")'
GIVE_UP_ON_THE_WORKER = NO_SERVICE_WORKER + ",this._ready.reject(void 0)"


class BuildError(RuntimeError):
    """A step of the build failed; the message says which and why."""


def log(message: str) -> None:
    print(f"[site] {message}", flush=True)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- what the site is built from ---------------------------------------------------------------
def source_files() -> list[Path]:
    """Every file whose change must rebuild the site."""
    files = [p for p in (ROOT / "notebooks").glob("*") if p.suffix.lower() in CONTENT_SUFFIXES]
    files += [p for p in (ROOT / "widgets").rglob("*")
              if p.suffix in {".py", ".js", ".css"} and "__pycache__" not in p.parts]
    files += list((ROOT / "data").glob("*.csv"))
    files += [p for p in SITE_CONFIG.rglob("*") if p.is_file()]
    files += [HOME_PAGE, THEME_LINKS, ROOT / "tools" / "build_site.py", ROOT / "requirements-site.txt",
              ROOT / "pyproject.toml"]
    return sorted(p for p in files if p.is_file())


def sources_digest() -> str:
    digest = hashlib.sha256()
    for path in source_files():
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def built_digest() -> str | None:
    try:
        return json.loads((OUTPUT / STAMP).read_text(encoding="utf-8"))["sources_sha256"]
    except (OSError, ValueError, KeyError):
        return None


# --- downloads, each checked against its pin ---------------------------------------------------------
def npm_integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def fetch_npm(package: tuple[str, str, str]) -> Path:
    """The unpacked npm package (its `package/` folder), from the cache or from npm."""
    name, version, integrity = package
    folder = CACHE / "npm"
    tarball = folder / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    unpacked = folder / f"{tarball.stem}"
    if not (tarball.exists() and npm_integrity(tarball) == integrity):
        folder.mkdir(parents=True, exist_ok=True)
        log(f"npm pack {name}@{version}")
        run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(folder), "--silent"],
            stdout=subprocess.DEVNULL)
        if npm_integrity(tarball) != integrity:
            tarball.unlink()
            raise BuildError(f"{name}@{version} from npm does not match its pinned integrity {integrity}")
        shutil.rmtree(unpacked, ignore_errors=True)
    if not (unpacked / "package").is_dir():
        shutil.rmtree(unpacked, ignore_errors=True)
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
    return unpacked / "package"


def pinned_wheels() -> dict[str, tuple[str, str]]:
    """site/pyodide-packages.txt as {canonical name: (version, sha256)}."""
    pins = {}
    for number, line in enumerate((SITE_CONFIG / "pyodide-packages.txt").read_text().splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})", line)
        if not match:
            raise BuildError(f"site/pyodide-packages.txt, line {number}: expected 'name==version "
                             f"--hash=sha256:<hex>', got {line!r}")
        pins[canonical(match[1])] = (match[2], match[3])
    return pins


def fetch_wheels() -> list[Path]:
    """The pinned kernel wheels from the cache, downloading with pip only what is missing."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    pins = pinned_wheels()

    def cached() -> dict[str, Path]:
        by_hash = {sha256_file(path): path for path in folder.glob("*.whl")}
        return {name: by_hash[sha] for name, (_version, sha) in pins.items() if sha in by_hash}

    found = cached()
    if len(found) < len(pins):
        missing = sorted(set(pins) - set(found))
        log(f"pip download {len(missing)} wheels for the Pyodide kernel")
        run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
             "--only-binary=:all:", "--platform", "any", "--implementation", "py", "--abi", "none",
             "--python-version", PYODIDE_PYTHON, "--dest", str(folder),
             "-r", str(SITE_CONFIG / "pyodide-packages.txt")])
        found = cached()
        if len(found) < len(pins):
            raise BuildError(f"pip did not deliver these pinned wheels: {sorted(set(pins) - set(found))}")
    for name, path in found.items():
        info = wheel_info(path)
        if (canonical(info["name"]), info["version"]) != (name, pins[name][0]):
            raise BuildError(f"{path.name} is not {name}=={pins[name][0]}")
    return [found[name] for name in sorted(found)]


# --- wheels we make: the kit, and the sqlite3 stand-in ------------------------------------------------------
def write_wheel(path: Path, name: str, version: str, files: dict[str, bytes], requires: list[str],
                summary: str) -> Path:
    """A minimal, reproducible py3-none-any wheel (same inputs, same bytes, same sha256)."""
    dist_info = f"{name.replace('-', '_')}-{version}.dist-info"
    metadata = "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                          f"Summary: {summary}", *(f"Requires-Dist: {r}" for r in requires)]) + "\n"
    files = dict(files)
    files[f"{dist_info}/METADATA"] = metadata.encode()
    files[f"{dist_info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: tools/build_site.py\n"
                                   b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    return write_zip_with_record(path, files, dist_info)


def write_zip_with_record(path: Path, files: dict[str, bytes], dist_info: str) -> Path:
    """Write the wheel's files, in a fixed order and time, with a RECORD of their hashes."""
    files = {name: data for name, data in files.items() if name != f"{dist_info}/RECORD"}
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for arcname, data in sorted(files.items()):
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([arcname, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files[f"{dist_info}/RECORD"] = record.getvalue().encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for arcname in sorted(files):
            entry = zipfile.ZipInfo(arcname, FIXED_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[arcname])
    return path


# --- byte-compiling the wheels with the site's own Python ----------------------------------------------
def compile_wheel(source: Path, target_dir: Path) -> Path:
    """The wheel with each module as Python 3.13 bytecode in place of its source.

    Runs inside Pyodide (see compile_wheels), whose Python is the one the visitors'
    browsers run: importing IPython and the kit then skips compiling hundreds of modules
    at every page load (about 14 s of a 36 s start measured here). This is how Pyodide
    ships its own packages. Modules that do not compile keep their source.
    """
    import py_compile
    import tempfile
    import warnings

    if sys.version_info[:2] != tuple(int(n) for n in PYODIDE_PYTHON.split(".")):
        raise BuildError(f"compile_wheel must run on Python {PYODIDE_PYTHON} (Pyodide), "
                         f"not {sys.version.split()[0]}")
    files = {}
    with zipfile.ZipFile(source) as archive, tempfile.TemporaryDirectory() as scratch:
        dist_info = next(n.split("/")[0] for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
        for name in archive.namelist():
            data = archive.read(name)
            if not name.endswith(".py") or name.startswith(dist_info):
                files[name] = data
                continue
            module = Path(scratch) / "module.py"
            module.write_bytes(data)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    py_compile.compile(str(module), cfile=str(module) + "c", doraise=True,
                                       dfile=f"/lib/python{PYODIDE_PYTHON}/site-packages/{name}",
                                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            except py_compile.PyCompileError:
                files[name] = data
                continue
            files[name + "c"] = Path(str(module) + "c").read_bytes()
        wheel_file = f"{dist_info}/WHEEL"
        lines = [line for line in files[wheel_file].decode().splitlines() if not line.startswith("Tag:")]
        files[wheel_file] = "\n".join([*lines, f"Tag: {PYC_TAG}-none-any", ""]).encode()
    name, version = source.name.split("-")[:2]
    return write_zip_with_record(target_dir / f"{name}-{version}-{PYC_TAG}-none-any.whl", files, dist_info)


def compile_wheels(wheels: list[Path], runtime: Path) -> list[Path]:
    """Byte-compiled copies of the wheels, made once (cached by the source wheel's sha256).

    Node runs the Pyodide runtime from npm, and in it this very file's compile_wheel:
    the bytecode then matches the visitors' Python exactly, with no Python 3.13 needed
    on the build machine.
    """
    compiled = CACHE / "compiled"
    wanted = {wheel: compiled / sha256_file(wheel) for wheel in wheels}
    todo = [wheel for wheel, folder in wanted.items() if not any(folder.glob("*.whl"))]
    if todo:
        inbox = compiled / "inbox"
        shutil.rmtree(inbox, ignore_errors=True)
        inbox.mkdir(parents=True)
        jobs = []
        for wheel in todo:
            shutil.copy2(wheel, inbox / wheel.name)
            wanted[wheel].mkdir(parents=True, exist_ok=True)
            jobs.append([f"/cache/inbox/{wheel.name}", f"/cache/{wanted[wheel].name}"])
        log(f"byte-compiling {len(todo)} wheels with Pyodide's Python (node)")
        script = Path(__file__).resolve()
        run(["node", "--input-type=module", "-e", NODE_COMPILE, str(runtime), str(script.parent),
             str(compiled), json.dumps(jobs)])
        shutil.rmtree(inbox, ignore_errors=True)
    result = []
    for wheel, folder in wanted.items():
        found = list(folder.glob("*.whl"))
        if len(found) != 1:
            raise BuildError(f"byte-compiling {wheel.name} gave {len(found)} wheels")
        result.append(found[0])
    return result


def kit_wheel(folder: Path) -> Path:
    """The kit as a wheel: widgets/ with its package data, and data/*.csv beside it.

    widgets.data.data_dir() looks for data/ next to the package, so in the kernel the
    CSV files sit in site-packages/data/, exactly where that function reads them.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    files = {}
    for path in sorted((ROOT / "widgets").rglob("*")):
        if path.is_file() and path.suffix in {".py", ".js", ".css"} and "__pycache__" not in path.parts:
            files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    for path in sorted((ROOT / "data").glob("*.csv")):
        files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    name, version = project["name"], project["version"]
    return write_wheel(folder / f"{name.replace('-', '_')}-{version}-py3-none-any.whl", name, version,
                       files, list(project.get("dependencies", [])), project.get("description", ""))


def sqlite3_standin(folder: Path) -> Path:
    """The kernel installs `sqlite3` at start; the npm runtime has no such wheel.

    The stand-in holds no module: `import sqlite3` still fails, and IPython (which
    checks) keeps its history in memory instead.
    """
    return write_wheel(folder / "sqlite3-0.0.0-py3-none-any.whl", "sqlite3", "0.0.0", {}, [],
                       "Empty stand-in: sqlite3 is not part of the npm Pyodide runtime")


# --- the Pyodide lock file ------------------------------------------------------------------------------
def wheel_info(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        metadata_name = next(n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode("utf-8"))
    imports = set()
    for entry in names:
        top, _, rest = entry.partition("/")
        if top.endswith((".dist-info", ".data")):
            continue
        if not rest and top.endswith((".py", ".pyc")):
            imports.add(top.rsplit(".", 1)[0])
        elif rest in ("__init__.py", "__init__.pyc"):
            imports.add(top)
    return {"name": metadata["Name"], "version": metadata["Version"],
            "requires": metadata.get_all("Requires-Dist") or [], "imports": sorted(imports)}


def _version_key(text: str) -> tuple[int, ...]:
    match = re.match(r"\d+(?:\.\d+)*", text.strip())
    if not match:
        raise BuildError(f"cannot read the version {text!r}")
    numbers = [int(part) for part in match[0].split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def version_satisfies(version: str, specifiers: str) -> bool:
    """PEP 440 release comparison, enough for the pins here (pre-releases are not used)."""
    for spec in filter(None, (s.strip() for s in specifiers.split(","))):
        match = re.fullmatch(r"(~=|===|==|!=|<=|>=|<|>)\s*(\S+)", spec)
        if not match:
            raise BuildError(f"cannot read the version specifier {spec!r}")
        operator, wanted = match.groups()
        if operator in ("==", "!=") and wanted.endswith(".*"):
            prefix = wanted[:-2].split(".")
            equal = version.split(".")[:len(prefix)] == prefix
            ok = equal if operator == "==" else not equal
        elif operator == "~=":
            parts = wanted.split(".")
            ok = (_version_key(version) >= _version_key(wanted)
                  and version.split(".")[:len(parts) - 1] == parts[:-1])
        else:
            have, want = _version_key(version), _version_key(wanted)
            ok = {"==": have == want, "===": version == wanted, "!=": have != want, "<=": have <= want,
                  ">=": have >= want, "<": have < want, ">": have > want}[operator]
        if not ok:
            return False
    return True


_MARKER_TOKEN = re.compile(
    r"""\s*(\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_]*)"""
)


def marker_holds(marker: str) -> bool:
    """Evaluate a PEP 508 environment marker for the browser kernel (MARKER_ENVIRONMENT)."""
    tokens, position = [], 0
    marker = marker.strip()
    while position < len(marker):
        match = _MARKER_TOKEN.match(marker, position)
        if not match:
            raise BuildError(f"cannot read the environment marker {marker!r}")
        tokens.append(re.sub(r"\s+", " ", match[1]))
        position = match.end()
    tokens.append("")

    def value(token: str) -> tuple[str, bool]:
        if token[:1] in "'\"":
            return token[1:-1], False
        if token not in MARKER_ENVIRONMENT:
            raise BuildError(f"unknown marker variable {token!r} in {marker!r}")
        return MARKER_ENVIRONMENT[token], token in VERSION_VARIABLES

    def comparison(index: int) -> tuple[bool, int]:
        if tokens[index] == "(":
            result, index = disjunction(index + 1)
            if tokens[index] != ")":
                raise BuildError(f"unbalanced parentheses in {marker!r}")
            return result, index + 1
        (left, left_version), operator, (right, right_version) = (
            value(tokens[index]), tokens[index + 1], value(tokens[index + 2]))
        if operator == "in":
            result = left in right
        elif operator == "not in":
            result = left not in right
        elif left_version:
            result = version_satisfies(left, operator + right)
        elif right_version:
            flipped = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(operator, operator)
            result = version_satisfies(right, flipped + left)
        elif operator in ("==", "==="):
            result = left == right
        elif operator == "!=":
            result = left != right
        else:
            raise BuildError(f"cannot compare {left!r} {operator} {right!r} in {marker!r}")
        return result, index + 3

    def conjunction(index: int) -> tuple[bool, int]:
        result, index = comparison(index)
        while tokens[index] == "and":
            other, index = comparison(index + 1)
            result = result and other
        return result, index

    def disjunction(index: int) -> tuple[bool, int]:
        result, index = conjunction(index)
        while tokens[index] == "or":
            other, index = conjunction(index + 1)
            result = result or other
        return result, index

    result, index = disjunction(0)
    if tokens[index] != "":
        raise BuildError(f"cannot read the environment marker {marker!r}")
    return result


def parse_requirement(text: str) -> tuple[str, str, str]:
    """'name[extras] (specifiers); marker' -> (canonical name, specifiers, marker)."""
    requirement, _, marker = text.partition(";")
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*\(?([^)]*)\)?\s*$", requirement)
    if not match:
        raise BuildError(f"cannot read the requirement {text!r}")
    return canonical(match[1]), match[3].strip(), marker.strip()


def lock_file(base_lock: dict, wheels: list[Path]) -> dict:
    """A pyodide-lock.json listing exactly the wheels the site ships, with their dependencies."""
    infos = {canonical(wheel_info(path)["name"]): (path, wheel_info(path)) for path in wheels}
    packages = {}
    for name, (path, info) in sorted(infos.items()):
        depends = []
        for text in info["requires"]:
            wanted, specifiers, marker = parse_requirement(text)
            if marker and not marker_holds(marker):
                continue
            if wanted in NOT_NEEDED_IN_KERNEL:
                continue
            if wanted not in infos:
                raise BuildError(f"{name} {info['version']} needs {text!r}, which the site does not ship: "
                                 "pin it in site/pyodide-packages.txt")
            if not version_satisfies(infos[wanted][1]["version"], specifiers):
                raise BuildError(f"{name} {info['version']} needs {text!r}, but the site ships "
                                 f"{wanted} {infos[wanted][1]['version']}")
            depends.append(wanted)
        packages[name] = {
            "name": name, "version": info["version"], "file_name": path.name, "install_dir": "site",
            "sha256": sha256_file(path), "package_type": "package", "imports": info["imports"],
            "depends": sorted(set(depends)), "unvendored_tests": False,
        }
    return {"info": base_lock["info"], "packages": packages}


# --- assembling and building ------------------------------------------------------------------------------
def run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, stdin=subprocess.DEVNULL, **kwargs)
    if result.returncode:
        raise BuildError(f"command failed ({result.returncode}): {' '.join(command)}")


def prepare_lite_dir(lite: Path) -> dict:
    """The JupyterLite folder voici builds from: config, local Pyodide, wheels, lock file."""
    shutil.rmtree(lite, ignore_errors=True)
    pyodide_out = lite / "static" / "pyodide"
    pyodide_out.mkdir(parents=True)
    runtime = fetch_npm(PYODIDE)
    for name in PYODIDE_RUNTIME:
        shutil.copy2(runtime / name, pyodide_out / name)

    extension = Path(sys.prefix) / KERNEL_EXTENSION
    extension_wheels = [path for path in sorted(extension.glob("*.whl"))
                        if path.name.startswith(KERNEL_EXTENSION_WHEELS)]
    if len(extension_wheels) != len(KERNEL_EXTENSION_WHEELS):
        raise BuildError(f"expected the wheels {KERNEL_EXTENSION_WHEELS} in {extension}; is "
                         "jupyterlite-pyodide-kernel installed in this venv (requirements-site.txt)?")
    made = CACHE / "made-wheels"
    shutil.rmtree(made, ignore_errors=True)
    wheels = compile_wheels([*fetch_wheels(), *extension_wheels, kit_wheel(made), sqlite3_standin(made)],
                            runtime)
    for wheel in wheels:
        shutil.copy2(wheel, pyodide_out / wheel.name)

    base_lock = json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock = lock_file(base_lock, [pyodide_out / w.name for w in wheels])
    (pyodide_out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")

    config = json.loads((SITE_CONFIG / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    # Everything the site ships is loaded at kernel start, in parallel: the kernel's own
    # start-up then installs nothing with micropip, and `import widgets` finds the kit.
    settings["loadPyodideOptions"]["packages"] = sorted(lock["packages"])
    (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=2) + "\n")
    return lock


def without_jupyterlab_only_cells(lesson: Path) -> str:
    """The lesson without its cells tagged "jupyterlab-only" (how to run a code cell, the
    instructors' notes), as the dashboards' template leaves them out."""
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    notebook["cells"] = [cell for cell in notebook["cells"]
                         if "jupyterlab-only" not in cell.get("metadata", {}).get("tags", [])]
    return json.dumps(notebook, ensure_ascii=False, indent=1)


def prepare_contents(contents: Path) -> list[str]:
    """Only the lessons and their images: never a plan file or a checkpoint from notebooks/."""
    shutil.rmtree(contents, ignore_errors=True)
    contents.mkdir(parents=True)
    names = []
    for path in sorted((ROOT / "notebooks").iterdir()):
        if path.is_file() and path.suffix.lower() in CONTENT_SUFFIXES:
            if path.suffix == ".ipynb" and "```mermaid" in path.read_text(encoding="utf-8"):
                raise BuildError(f"{path.name} has a mermaid diagram, which would load mermaid.js from a "
                                 "CDN; use an image (or add mermaid to the site) instead")
            if path.suffix == ".ipynb":
                (contents / path.name).write_text(without_jupyterlab_only_cells(path),
                                                  encoding="utf-8")
            else:
                shutil.copy2(path, contents / path.name)
            names.append(path.name)
    if not any(name.endswith(".ipynb") for name in names):
        raise BuildError("no lessons found in notebooks/")
    return names


def adjust_lesson_pages(output: Path) -> None:
    """Drop the page script that fetches mermaid.js from a CDN (no lesson has a diagram);
    make the lesson the page's main landmark, and pass a theme asked for on to the pages
    linked, as the dashboards' template does."""
    theme_links = f"<script>{THEME_LINKS.read_text(encoding='utf-8')}</script></head>"
    for page in (output / "voici" / "render").glob("*.html"):
        text = MERMAID_LOADER.sub("", page.read_text(encoding="utf-8"))
        text = text.replace(LESSON_CELLS, LESSON_CELLS.replace(">", ' role="main">'))
        page.write_text(text.replace("</head>", theme_links, 1), encoding="utf-8")


def start_without_a_service_worker(output: Path) -> None:
    """Where the browser has no service workers, JupyterLite gives up on its worker at
    once (see NO_SERVICE_WORKER), in every bundle that has a copy of it (the lesson pages
    load Voici's); a build whose JupyterLite reads otherwise stops here."""
    patched = []
    for script in output.rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        if NO_SERVICE_WORKER in text:
            script.write_text(text.replace(NO_SERVICE_WORKER, GIVE_UP_ON_THE_WORKER), encoding="utf-8")
            patched.append(script.relative_to(output))
    if not any(path.parts[0] == "voici" for path in patched):
        raise BuildError("JupyterLite's service worker check was not found in Voici's scripts "
                         f"(patched: {patched}): see NO_SERVICE_WORKER in tools/build_site.py")


def write_home_page(output: Path, lessons: list[str]) -> None:
    """The site's index.html: the dashboards' list of lessons in place of Voici's file
    browser (a JupyterLab app, which also logged an error for anywidget there). The file
    browser's own address (voici/, where a shortened lesson address leads) gets it too."""
    import jinja2  # from voila, in the site venv

    loader = jinja2.FileSystemLoader(HOME_PAGE.parent)  # for the script it includes
    template = jinja2.Environment(autoescape=True, loader=loader).get_template(HOME_PAGE.name)
    notebooks = [{"name": name, "path": name, "type": "notebook"}
                 for name in lessons if name.endswith(".ipynb")]
    for page, site_root in (("index.html", ""), ("voici/tree/index.html", "../../")):
        (output / page).write_text(template.render(frontend="voici", site_root=site_root,
                                                   contents={"content": notebooks}),
                                   encoding="utf-8")


def install_font_awesome(output: Path) -> int:
    """Copy Font Awesome into the site and point every CDN link of the pages at it."""
    package = fetch_npm(FONT_AWESOME)
    target = output / "static" / "fontawesome"
    shutil.copytree(package / "css", target / "css")
    shutil.copytree(package / "webfonts", target / "webfonts")
    shutil.copy2(package / "LICENSE.txt", target / "LICENSE.txt")
    rewritten = 0
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        prefix = Path(*[".."] * (len(page.relative_to(output).parts) - 1)).as_posix()
        css = f"{prefix}/static/fontawesome/css/" if prefix != "." else "static/fontawesome/css/"

        def local(match: re.Match, css=css) -> str:
            return css + ("v4-shims" if match[1] == "v4-shims" else "all") + ".min.css"

        new_text, count = CDN_FONT_AWESOME.subn(local, text)
        if count:
            page.write_text(new_text, encoding="utf-8")
            rewritten += count
    return rewritten


def check_no_external_references(output: Path) -> None:
    """No page, style sheet or config of the site may load anything from another host."""
    problems = []
    for path in output.rglob("*"):
        if path.suffix not in {".html", ".css", ".json"} or not path.is_file():
            continue
        if (path.name in ("third-party-licenses.json", "package.json") or path.name.endswith("schema.json")
                or {"schema", "schemas"} & set(path.parts)):
            continue  # licences, package metadata and JSON schemas name URLs; nothing loads them
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in EXTERNAL_REFERENCE.finditer(text):
            start = max(0, match.start() - 40)
            problems.append(f"{path.relative_to(output)}: …{text[start:match.end() + 60]}…")
    if problems:
        raise BuildError("the built site still points outside itself:\n  " + "\n  ".join(problems[:20]))


def check_pyodide_config(output: Path) -> None:
    config = json.loads((output / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = config["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    url = settings.get("pyodideUrl", "")
    if not url.startswith("./") or not (output / url).is_file():
        raise BuildError(f"the kernel would load Pyodide from {url!r}, not from the site")
    lock = json.loads((output / "static" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    for package in lock["packages"].values():
        wheel = output / "static" / "pyodide" / package["file_name"]
        if not wheel.is_file() or sha256_file(wheel) != package["sha256"]:
            raise BuildError(f"{wheel.name} is missing from the site or differs from its lock entry")


def build(force: bool = False) -> Path:
    started = time.monotonic()
    digest = sources_digest()
    if not force and built_digest() == digest and (OUTPUT / "index.html").is_file():
        log(f"{OUTPUT.relative_to(ROOT)}/ is up to date (same sources); --force rebuilds it")
        return OUTPUT
    voici = Path(sys.executable).parent / "voici"
    if not voici.exists():
        raise BuildError(f"{voici} not found: run this with the site venv's python (make site)")

    work = CACHE / "build"
    shutil.rmtree(work, ignore_errors=True)  # with voici's task database: a build from scratch
    lite, contents, staged = work / "lite", work / "contents", work / "output"
    lock = prepare_lite_dir(lite)
    lessons = prepare_contents(contents)
    shutil.rmtree(staged, ignore_errors=True)
    log(f"voici build: {len(lessons)} files from notebooks/, {len(lock['packages'])} kernel packages")
    voici_started = time.monotonic()
    run([str(voici), "build", "--lite-dir", str(lite), "--contents", str(contents),
         "--output-dir", str(staged), "--no-sourcemaps", "--strip_sources=True",
         "--show_tracebacks=False", "--log-level=WARN"], cwd=work, stdout=subprocess.DEVNULL)
    log(f"voici build took {time.monotonic() - voici_started:.0f} s")

    rewritten = install_font_awesome(staged)
    adjust_lesson_pages(staged)
    start_without_a_service_worker(staged)
    write_home_page(staged, lessons)
    (staged / ".nojekyll").write_text("")  # GitHub Pages: serve folders starting with "_" as-is
    check_pyodide_config(staged)
    check_no_external_references(staged)
    size = sum(p.stat().st_size for p in staged.rglob("*") if p.is_file())
    (staged / STAMP).write_text(json.dumps({
        "sources_sha256": digest, "pyodide": PYODIDE[1], "font_awesome": FONT_AWESOME[1],
        "kernel_packages": {name: p["version"] for name, p in lock["packages"].items()},
        "lessons": [n for n in lessons if n.endswith(".ipynb")],
    }, indent=2) + "\n")
    shutil.rmtree(OUTPUT, ignore_errors=True)
    staged.rename(OUTPUT)
    log(f"built {OUTPUT.relative_to(ROOT)}/ in {time.monotonic() - started:.0f} s: {size / 1e6:.0f} MB, "
        f"{rewritten} Font Awesome links made local. Serve it here: "
        "python3 -m http.server --bind 127.0.0.1 --directory _site 8000")
    return OUTPUT


def main(argv: list[str] | None = None) -> int:
    import fcntl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the sources did not change")
    args = parser.parse_args(argv)
    CACHE.mkdir(exist_ok=True)
    try:
        with open(CACHE / "build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # two builds at once (two test runs) wait for each other
            build(force=args.force)
    except BuildError as error:
        print(f"[site] build failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
