"""House rules that keep the kit installable and the lessons clean."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import widgets

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
KERNEL_FORBIDDEN = ("numpy", "pandas", "matplotlib", "scipy")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_clean(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in notebook.get("metadata", {}), "stored widget state"
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), "outputs are committed"
            assert cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_lesson_is_titled_as_its_first_heading(path):
    """The title names the dashboard's browser tab (Voila's page takes it from here)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    heading = "".join(notebook["cells"][0]["source"]).splitlines()[0]
    assert heading.startswith("# ") and notebook["metadata"]["title"] == heading[2:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_code_cells_are_short_and_only_open_tools(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
            assert 1 <= len(lines) <= 3, "".join(cell["source"])
            assert "sys.path" not in "".join(cell["source"])


def test_every_tool_name_resolves():
    for name in widgets.__all__:
        assert callable(getattr(widgets, name)), name


def test_kernel_side_imports_no_heavy_packages():
    for path in (ROOT / "widgets").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for package in KERNEL_FORBIDDEN:
            assert not re.search(rf"^\s*(import|from)\s+{package}\b", text, re.M), (path, package)


CORE_MODULES = ("charts", "check", "data", "facts", "markup", "merge", "money", "plan",
                "storage", "validation")


def test_the_core_logic_loads_no_widget_or_notebook_package():
    """Imported on its own, as a test or a script would: the package's own start once
    loaded IPython for every model."""
    modules = [f"widgets.{path.parent.name}.model" for path in (ROOT / "widgets").glob("*/model.py")]
    modules += [f"widgets.{name}" for name in CORE_MODULES]
    loaded = subprocess.run(
        [sys.executable, "-c", f"import sys\nfor name in {modules!r}: __import__(name)\n"
         "print(sorted({name.split('.')[0] for name in sys.modules}))"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert len(modules) > 15
    for package in ("ipywidgets", "IPython", "anywidget", "ipykernel", "traitlets"):
        assert f"'{package}'" not in loaded, package


def test_every_plan_section_owner_meets_the_contract():
    from widgets.plan import SECTION_OWNERS

    for section, module_name in SECTION_OWNERS.items():
        owner = import_module(module_name)
        empty = owner.EMPTY_SECTION
        assert owner.validate_section(json.loads(json.dumps(empty))) == empty, section
        for function in ("summarise", "gaps"):
            assert callable(getattr(owner, function, None)), f"{module_name}.{function}"


def test_widget_packages_are_pinned_as_a_matching_set():
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(),
                           re.M))
    assert {"jupyterlab", "ipywidgets", "jupyterlab_widgets", "widgetsnbextension", "voila",
            "nbval"} <= set(pins)
    from importlib.metadata import version

    for package, pinned in pins.items():
        assert version(package) == pinned, f"{package} installed {version(package)}, pinned {pinned}"


@pytest.mark.parametrize("target, server", [("run", "jupyter lab"), ("dashboards", "voila notebooks/")])
def test_serving_writes_the_kits_bytecode_before_any_kernel_starts(target, server):
    """Otherwise every kernel compiles the kit again as it starts (docs/serving.md)."""
    commands = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout
    assert "-m compileall -q widgets" in commands
    assert commands.index("compileall") < commands.index(server)



def test_make_installs_again_when_the_requirements_say_something_new_not_when_redated(tmp_path):
    """A checkout gives requirements.txt a new date: make then installed again, which
    fails offline (the night before a workshop) before any check ran."""
    for name in ("Makefile", "requirements.txt", "requirements-test.txt", "pyproject.toml"):
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\necho \"$@\" >> \"$(dirname \"$0\")/../installs\"\n")
    python.chmod(0o755)

    def make_installs() -> int:
        """How many installs ``make install-test`` ran."""
        before = (installs := tmp_path / ".venv" / "installs").exists() and installs.read_text().count("\n")
        subprocess.run(["make", "--no-print-directory", "install-test"], cwd=tmp_path, check=True,
                       capture_output=True, stdin=subprocess.DEVNULL)
        return installs.read_text().count("\n") - (before or 0)

    assert make_installs() == 2  # the kit's packages, then the tests'
    for name in ("requirements.txt", "pyproject.toml", "requirements-test.txt"):
        (tmp_path / name).touch()
    assert make_installs() == 0
    (tmp_path / "requirements-test.txt").write_text("pytest\n")
    assert make_installs() == 1
    (tmp_path / "requirements.txt").write_text("ipywidgets\n")
    assert make_installs() == 2


def test_binder_ends_with_the_kit_installed_from_the_repository():
    """repo2docker installs requirements.txt (the kit editable, `-e .`), then the repository
    as a plain package (`pip install .`, for its pyproject.toml), then runs postBuild. The
    plain install took data/ out of the kit's reach: every tool that reads it said
    "site-packages/data/certifications.csv: the file does not exist"."""
    import os

    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()
    post_build = ROOT / "postBuild"
    assert os.access(post_build, os.X_OK)
    commands = subprocess.run(["bash", "-c", f"pip() {{ echo pip \"$@\"; }}; source {post_build}"],
                              capture_output=True, text=True, check=True).stdout.splitlines()
    assert commands == ["pip install --no-deps -e ."]
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"  # the Python the kit is tested with
