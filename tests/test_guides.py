"""The instructor guides cannot drift from the kit: their commands are real Makefile
targets or run successfully, their tables match the data validator, their figures match
data/, their arithmetic is right, and the menu names exist in the installed JupyterLab."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from widgets.check import free_port, lesson_paths
from widgets.data import TABLES, load_table

ROOT = Path(__file__).resolve().parent.parent
FACILITATOR = ROOT / "docs" / "facilitator-guide.md"
CUSTOMISING = ROOT / "docs" / "customising.md"
GUIDES = (FACILITATOR, CUSTOMISING)
LESSONS = lesson_paths(ROOT / "notebooks")
# Make targets whose recipe is quick and read-only: the tests run the recipe itself (not
# through make, whose install step could reach the network). Other targets are only
# resolved with `make -n`: they serve until stopped, or take half a minute (make check
# runs in tests/test_check.py).
RUN_RECIPE = {"check-data"}
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def bash_commands(path: Path) -> list[str]:
    """Every command of the ```bash blocks, in order, continuation lines joined."""
    commands = []
    for block in re.findall(r"^\s*```bash\n(.*?)^\s*```", text(path), re.M | re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        for line in joined.splitlines():
            line = line.split(" #", 1)[0].strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def section(path: Path, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or higher level."""
    body = text(path)
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", body, re.M)
    assert match, f"no heading '{heading}' in {path.name}"
    level = len(match.group(1))
    rest = body[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def table_rows(markdown: str) -> list[list[str]]:
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header row


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z0-9_.-]+):(?!=)", text(ROOT / "Makefile"), re.M))


def makefile_variables() -> set[str]:
    return set(re.findall(r"^(?:export\s+)?([A-Z_][A-Z0-9_]*)\s*[:?+]?=", text(ROOT / "Makefile"), re.M))


def split_make(command: str) -> tuple[list[str], list[str], list[str]]:
    """(environment assignments before make, targets, VAR=value arguments)."""
    words = shlex.split(command)
    index = words.index("make")
    arguments = words[index + 1:]
    return (words[:index], [word for word in arguments if not ASSIGNMENT.match(word)],
            [word for word in arguments if ASSIGNMENT.match(word)])


def sandbox_env(home: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "CAREER_KIT_DATA"}
    return {**env, "HOME": str(home)}


# --- the commands --------------------------------------------------------------------------
def test_the_guides_have_commands_of_known_kinds():
    known = ("make", ".venv/bin/python -m widgets.", ".venv/bin/voila", "JUPYTER_PATH=", "mkdir ",
             "ln ", "cp ")
    for guide in GUIDES:
        commands = bash_commands(guide)
        assert commands, guide.name
        for command in commands:
            bare = " ".join(word for word in shlex.split(command) if not ASSIGNMENT.match(word))
            assert command.startswith(known) or bare.startswith("make "), command


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_every_make_command_names_real_targets_and_variables(guide):
    commands = [command for command in bash_commands(guide) if "make" in shlex.split(command)]
    inline = re.findall(r"`((?:[A-Z_]+=\S+ )*make [^`]+)`", text(guide))
    assert commands
    targets, variables = makefile_targets(), makefile_variables()
    for command in [*commands, *inline]:
        _env, wanted, assignments = split_make(command)
        assert wanted, command
        assert set(wanted) <= targets, f"{command}: no such target in the Makefile"
        for assignment in assignments:
            name, value = assignment.split("=", 1)
            assert name in variables, f"{command}: {name} is not a Makefile variable"
            if value.endswith(".ipynb"):
                assert (ROOT / "notebooks" / value).exists(), f"{command}: no lesson {value}"
        dry = subprocess.run(["make", "-n", *wanted, *assignments], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
        assert dry.returncode == 0, dry.stderr


def test_make_check_is_the_check_module_after_install():
    dry = subprocess.run(["make", "--no-print-directory", "-n", "check"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert dry.stdout.strip().splitlines()[-1] == ".venv/bin/python -m widgets.check"
    assert re.search(r"^check: install$", text(ROOT / "Makefile"), re.M)
    assert re.search(r'^\t@echo "make check +\S', text(ROOT / "Makefile"), re.M), "help line"


def test_make_run_opens_jupyterlab_on_the_welcome_lesson(tmp_path):
    """The README's first command as a new instructor runs it (as root too, as on CI and in
    containers, where JupyterLab refuses to start unless told), its browser left shut."""
    port = free_port()
    command = recipe("run", f"LAB_PORT={port}")
    env = {**sandbox_env(tmp_path), "BROWSER": "true"}
    started = rf"http://127\.0\.0\.1:{port}/lab\?token=(\w+)"
    with serving(command, env, tmp_path / "lab.log", started) as found:
        token = found.group(1)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/lab/tree/00_start_here.ipynb?token={token}",
                                    timeout=60) as response:
            assert response.status == 200 and "JupyterLab" in response.read().decode()
        with urllib.request.urlopen(f"{base}/api/contents?token={token}", timeout=60) as response:
            served = sorted(item["name"] for item in json.load(response)["content"]
                            if item["type"] == "notebook")
        assert served == [lesson.name for lesson in LESSONS]
        # With the kit's settings: no question about fetching Jupyter news and no update
        # check, which a class would see on the projector (and offline they fail).
        with urllib.request.urlopen(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:"
                                    f"notification?token={token}", timeout=60) as response:
            defaults = {name: spec["default"]
                        for name, spec in json.load(response)["schema"]["properties"].items()}
        assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False


@contextlib.contextmanager
def serving(command: str, env: dict, log: Path, started: str):
    """Run a server command as written in the guides or the Makefile until its log matches
    ``started`` (a regular expression; the match is yielded), then stop it."""
    with open(log, "w") as out:
        server = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not (found := re.search(started, log.read_text())):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"did not start: {command}"
            time.sleep(0.3)
        yield found
    finally:
        # The shell and the server it started form their own process group; the server
        # shuts its kernels down when it receives SIGTERM.
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def recipe(target: str, *assignments: str) -> str:
    dry = subprocess.run(["make", "-n", "-s", target, *assignments], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    return dry.stdout.strip().splitlines()[-1]


def run_voila_command(command: str, env: dict) -> None:
    """Start the guide's Voila command on a free port, check what it serves, stop it."""
    port = free_port()
    command = command.replace("--port=8866", f"--port={port}")
    assert f"--port={port}" in command and "--Voila.ip=127.0.0.1" in command
    served_folder = Path(os.path.expanduser(shlex.split(command.split("voila", 1)[1])[0]
                                            .replace("~", env["HOME"], 1)))
    chosen = sorted(path.name for path in served_folder.glob("*.ipynb"))
    assert chosen, f"{served_folder} holds no lessons"
    with serving(command, env, served_folder.parent / "voila.log", rf"127\.0\.0\.1:{port}/"):
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(base + "/", timeout=60) as response:
            assert response.status == 200
        # The home page lists what this API returns.
        with urllib.request.urlopen(base + "/voila/api/contents", timeout=60) as response:
            listed = sorted(item["name"] for item in json.load(response)["content"])
        assert listed == chosen
        for name in chosen:
            with urllib.request.urlopen(f"{base}/voila/render/{name}", timeout=120) as response:
                assert response.status == 200
                assert "There was an error when executing cell" not in response.read().decode()
        left_out = next(lesson.name for lesson in LESSONS if lesson.name not in chosen)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/voila/render/{left_out}", timeout=60)
        assert refused.value.code == 404


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_the_guide_commands_run_in_order(guide, tmp_path):
    """Each block as an instructor would type it, with $HOME in a temporary folder."""
    env = sandbox_env(tmp_path)
    for command in bash_commands(guide):
        words = shlex.split(command)
        if "make" in words:
            _env, wanted, _assignments = split_make(command)
            if set(wanted) <= RUN_RECIPE:
                line = command.replace(f"make {' '.join(wanted)}", recipe(wanted[0]))
                run = subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, capture_output=True,
                                     text=True, timeout=120)
                assert run.returncode == 0, (command, run.stdout, run.stderr)
                assert "rows valid" in run.stdout
            continue
        if ".venv/bin/voila" in command:
            run_voila_command(command, env)
            continue
        run = subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 0, (command, run.stdout, run.stderr)
        if "widgets.check" in command:
            assert "checks passed" in run.stdout


def test_the_data_folder_variable_really_changes_what_is_checked(tmp_path):
    """The guide's CAREER_KIT_DATA copy is what `make check-data` reads, errors included."""
    copy = tmp_path / "my-class-data"
    shutil.copytree(ROOT / "data", copy)
    (copy / "facts.csv").write_text("id,topic\n", encoding="utf-8")
    line = f"CAREER_KIT_DATA={copy} {recipe('check-data')}"
    run = subprocess.run(["bash", "-c", line], cwd=ROOT, env=sandbox_env(tmp_path), capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 1
    assert f"{copy}/facts.csv, line 1, column 'statement': this column is missing" in run.stdout


# --- what the customising guide says about the data -------------------------------------
def test_the_example_check_data_output_is_what_the_checker_prints(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "internships.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    edits = {1: ("weeks", "twelve"), 3: ("remote", "maybe"), 4: ("hourly_pay", "$17.50")}
    header = lines[0].split(",")
    import csv

    for index, (column, value) in edits.items():
        cells = next(csv.reader([lines[index]]))
        cells[header.index(column)] = value
        lines[index] = ",".join(f'"{cell}"' if "," in cell else cell for cell in cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "widgets.data"], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "CAREER_KIT_DATA": str(tmp_path / "data")}, timeout=60)
    assert run.returncode == 1
    shown = re.search(r"```\n(\d+ problems in the reference data:\n.*?)```", text(CUSTOMISING), re.S)
    assert shown, "no example output in customising.md"
    # The guide's example edits the kit's own data/; the test edits a copy of it.
    assert run.stdout.replace(f"{tmp_path}/data/", "data/") == shown.group(1)
    prose = section(CUSTOMISING, "Checking what you changed")
    assert "line 2 of `internships.csv` says `twelve` in `weeks`, line 4 says `maybe`" in prose
    assert "line 5 has `$17.50` in `hourly_pay`" in prose


def _rule_numbers(rule: str) -> list[Decimal]:
    return [Decimal(number) for number in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", rule)]


@pytest.mark.parametrize("table, heading", [("internships", "Replacing the example internships"),
                                            ("certifications", "Replacing the certification prices")])
def test_column_tables_match_the_validator(table, heading):
    rows = table_rows(section(CUSTOMISING, heading))
    spec = TABLES[table]
    assert [row[0].strip("`") for row in rows] == spec.column_names
    for row, column in zip(rows, spec.columns, strict=True):
        rule = row[2]
        assert ("may be empty" in rule) == (not column.required), (column.name, rule)
        if column.kind == "choice":
            assert re.findall(r"`([^`]+)`", rule) == list(column.choices), column.name
        if column.kind in ("int", "decimal"):
            assert ("whole number" in rule) == (column.kind == "int"), column.name
            if column.minimum is not None and column.maximum is not None:
                assert _rule_numbers(rule)[:2] == [column.minimum, column.maximum], column.name
        if column.max_length != 400:
            assert f"at most {column.max_length} characters" in rule, column.name


def test_fact_units_topics_and_currencies_in_the_guide_are_the_real_ones():
    from widgets.money import CURRENCIES, DEFAULT_CURRENCY

    figures = section(CUSTOMISING, "Replacing the figures")
    facts = {column.name: column for column in TABLES["facts"].columns}
    for name in ("unit", "topic"):
        for choice in facts[name].choices:
            assert f"`{choice}`" in figures, (name, choice)
    currency = section(CUSTOMISING, "Currency")
    listed = re.search(r"profile \(lesson 00\):\n?\s*(.*?)\. Amounts", currency, re.S).group(1)
    assert re.findall(r"`([A-Z]{3})`", listed) == list(CURRENCIES)
    certifications = {column.name: column for column in TABLES["certifications"].columns}
    assert certifications["currency"].choices == tuple(CURRENCIES)
    assert f"A new plan starts in {DEFAULT_CURRENCY}." in " ".join(currency.split())
    assert f'DEFAULT_CURRENCY = "{DEFAULT_CURRENCY}"' in text(ROOT / "widgets" / "money.py")


def test_the_cross_column_rules_listed_are_the_ones_the_lesson_applies():
    import inspect

    from widgets.certifications.model import row_problems

    source = inspect.getsource(row_problems)
    rules = section(CUSTOMISING, "Replacing the certification prices")
    for column in ("price", "retake_price", "renewal_years", "renewal_cost", "hours_per_week_assumed",
                   "typical_months", "typical_months_min", "other_price", "status"):
        assert f'"{column}"' in source or f"'{column}'" in source or f"cert.{column}" in source, column
        assert f"`{column}`" in rules.split("The rules that span columns", 1)[1], column
    assert source.count("problems.append(") == 9


# --- what the facilitator guide says ---------------------------------------------------
def test_agendas_add_up_and_cover_every_lesson():
    agendas = re.findall(r"^### (.+?) \((\d+) minutes\)$", text(FACILITATOR), re.M)
    assert [int(total) for _name, total in agendas] == [60, 90, 210]
    for name, total in agendas:
        rows = table_rows(section(FACILITATOR, f"{name} ({total} minutes)"))
        assert sum(int(row[1]) for row in rows) == int(total), name
        numbers = {row[0][:2] for row in rows if row[0][:2].isdigit()}
        assert numbers == {lesson.name[:2] for lesson in LESSONS}, name


def test_every_lesson_has_its_section_with_all_parts():
    body = text(FACILITATOR)
    sections = re.findall(r"^### (\d\d) .+ \(`([^`]+)`\)$", body, re.M)
    assert [file for _number, file in sections] == [lesson.name for lesson in LESSONS]
    for number, file in sections:
        heading = next(line[4:] for line in body.splitlines() if line.startswith(f"### {number} "))
        part = section(FACILITATOR, heading)
        for label in ("**Learning goal.**", "**Show on the projector.**", "**Discussion prompts.**",
                      "**Worked example.**", "**Common questions.**"):
            assert label in part, (file, label)
        prompts = part.split("**Discussion prompts.**", 1)[1].split("**Worked example.**", 1)[0]
        assert 2 <= prompts.count("\n- ") <= 3, file


def test_each_lesson_section_matches_the_lesson_heading():
    for lesson in LESSONS:
        notebook = json.loads(lesson.read_text(encoding="utf-8"))
        first = "".join(notebook["cells"][0]["source"])
        assert first.startswith("# "), lesson.name
        assert f"(`{lesson.name}`)" in text(FACILITATOR)


def _amount(token: str) -> Decimal:
    value = Decimal(token.replace("$", "").replace(",", "").rstrip("%"))
    return value / 100 if token.endswith("%") else value


def _evaluate(expression: str) -> Decimal:
    expression = expression.replace("×", "*").replace("÷", "/").replace("−", "-")
    tokens = re.findall(r"\$?\d[\d,]*(?:\.\d+)?%?|[-+*/()]", expression)
    assert "".join(tokens) == expression.replace(" ", ""), f"cannot read: {expression}"
    python = " ".join(f"Decimal('{_amount(token)}')" if token[0] in "$0123456789" else token
                      for token in tokens)
    return eval(python, {"Decimal": Decimal})  # noqa: S307 - only numbers and operators reach here


def test_worked_example_arithmetic_is_right():
    prose = re.sub(r"^\s*```.*?^\s*```", "", text(FACILITATOR), flags=re.M | re.S)
    spans = [" ".join(span.split()) for span in re.findall(r"`([^`]+)`", prose)]
    spans = [span for span in spans if re.search(r" [=≈] ", span)]
    assert len(spans) >= 25
    for span in spans:
        left, sign, right = re.split(r" ([=≈]) ", span)
        value, expected = _evaluate(left), _amount(right.strip())
        if sign == "=":
            assert value == expected, span
        else:
            places = len(right.split(".")[1].rstrip("%")) if "." in right else 0
            places += 2 if right.endswith("%") else 0
            assert value.quantize(Decimal(1).scaleb(-places)) == expected, span


def test_worked_examples_agree_with_the_tools():
    from widgets.certifications.model import months_needed, subscription_cost
    from widgets.comparison.model import CRITERION_KEYS, options_from_examples, score
    from widgets.internship_costs.model import calculate, presets

    body = text(FACILITATOR)
    paid, unpaid, _virtual = (calculate(scenario) for scenario in presets())
    assert f"`$10,588.80 − $4,390 = ${paid.net:,}`" in body
    assert f"the calculator shows ${paid.break_even_hourly_pay}" in body
    assert f"`$1,950 ÷ 200 = ${unpaid.break_even_hourly_pay}`" in body
    assert f"`$49 × 6 = ${subscription_cost(49, months_needed(150, 6))}`".replace(".00`", "`") in body
    assert f"`$49 × 7 = ${subscription_cost(49, months_needed(150, 5))}`".replace(".00`", "`") in body
    options, _skipped = options_from_examples(load_table("internships"), [], lambda ids: f"o{len(ids)}")
    weights = {key: 0 for key in CRITERION_KEYS} | {"hard_skills": 5, "path_to_offer": 4, "network": 2}
    points = {option.organisation: score(option, weights) for option in options}
    assert f"= {points['Example Robotics Co. (fictional)']}` points" in body
    assert f"= {points['Example University IT Desk (fictional)']}` points" in body


def test_lesson_03_and_the_guide_quote_the_explorers_own_words_and_sums():
    from widgets.certifications.model import by_id, load_certifications, study_time_text
    from widgets.facts import STATUS_WORDS

    lesson = " ".join("".join(cell["source"]) for cell in json.loads(
        (ROOT / "notebooks" / "03_certifications.ipynb").read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown")
    certifications = load_certifications()
    no_hours = next(cert for cert in certifications
                    if cert.study_hours is None and cert.typical_months is None)
    assert f'*"{study_time_text(no_hours)}"*' in lesson
    assert f'"{study_time_text(no_hours)}" for study time?' in text(FACILITATOR)
    for words in STATUS_WORDS.values():
        assert f"*{words}*" in lesson, words
    google = by_id(certifications)["google_career_certificate"]
    assert (f"USD {google.price:.0f} a month (its {google.year} announcement, an old figure), "
            f"the three to six months it called typical cost USD {google.price * 3:.0f} to "
            f"{google.price * 6:.0f}") in lesson


def test_figures_table_matches_the_data_files():
    facts = {row["id"]: row for row in load_table("facts")}
    certifications = {row["id"]: row for row in load_table("certifications")}
    rows = table_rows(section(FACILITATOR, "Figures you will quote"))
    assert len(rows) >= 20
    for row in rows:
        if not row[-1].startswith("`"):
            continue
        # One row can quote two data rows ("15 to 20"): the figures in the order of the ids.
        row_ids = [cell.strip("` ") for cell in row[-1].split(",")]
        numbers = [Decimal(found.replace(",", ""))
                   for found in re.findall(r"\d[\d,]*(?:\.\d+)?", row[1])]
        # The status as the data gives it, then what the guide adds ("may be outdated").
        status = row[3].split(",")[0]
        for row_id, number in zip(row_ids, numbers, strict=False):
            if row_id in facts:
                assert facts[row_id]["value"] == number, row_id
                assert facts[row_id]["status"] == status, row_id
            else:
                assert certifications[row_id]["price"] == number, row_id
                assert certifications[row_id]["status"] == status, row_id


def _jupyterlab_text() -> str:
    lab = Path(sys.prefix) / "share" / "jupyter" / "lab"
    parts = [path.read_text(encoding="utf-8", errors="replace") for path in (lab / "static").glob("*.js")]
    parts += [path.read_text(encoding="utf-8") for path in (lab / "schemas").rglob("*.json")]
    return "\n".join(parts)


def test_presentation_steps_name_menus_that_exist_in_this_jupyterlab():
    guide = " ".join(section(FACILITATOR, "Presenting on a projector").split())
    installed = _jupyterlab_text()
    for label in ("Presentation Mode", "Simple Interface", "Fullscreen Mode", "Show Left Sidebar",
                  "Increase Content Font Size", "Increase Code Font Size",
                  "Restart Kernel and Run All Cells…"):
        assert label in guide and f'"{label}"' in installed, label
    assert '"label": "Appearance"' in installed and "*View → Appearance → Presentation Mode*" in guide
    assert '"label": "Theme"' in installed and "*Settings → Theme → Increase Content Font Size*" in guide
    commands = json.loads((Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/application-extension"
                           / "commands.json").read_text())
    shortcuts = {entry["command"]: entry["keys"] for entry in commands["jupyter.lab.shortcuts"]}
    assert shortcuts["application:toggle-mode"] == ["Accel Shift D"] and "*Ctrl+Shift+D*" in guide
    palette = json.loads((Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension"
                          / "palette.json").read_text())
    assert palette["jupyter.lab.shortcuts"][0]["keys"] == ["Accel Shift C"] and "*Ctrl+Shift+C*" in guide


def test_the_guides_are_linked_from_the_readme_and_named_in_the_welcome_lesson():
    readme = text(ROOT / "README.md")
    assert "(docs/facilitator-guide.md)" in readme and "(docs/customising.md)" in readme
    assert "`make check`" in readme
    welcome = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    text_of_welcome = " ".join("".join(cell["source"]) for cell in welcome["cells"]
                               if cell["cell_type"] == "markdown")
    # Named, not linked: a link out of notebooks/ led nowhere under `make run` (JupyterLab
    # serves notebooks/ only), in a dashboard and on the static site.
    assert "`docs/facilitator-guide.md` in the kit's folder" in text_of_welcome
    assert (ROOT / "docs" / "facilitator-guide.md") == FACILITATOR and FACILITATOR.exists()
    assert "](../" not in text_of_welcome


def test_links_between_the_readme_and_the_docs_resolve():
    for guide in (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))):
        for target in re.findall(r"\]\(([^)\s]+)\)", text(guide)):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            document = (guide.parent / path) if path else guide
            assert document.exists(), (guide.name, target)
            if anchor:
                headings = re.findall(r"^#+ (.+)$", text(document), re.M)
                slugs = {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}
                assert anchor in slugs, (guide.name, target)


def test_the_checklist_size_the_guide_promises(tmp_path):
    run = subprocess.run([sys.executable, "-m", "widgets.check", "--quick"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, env=sandbox_env(tmp_path))
    quick = int(re.search(r"All (\d+) checks passed", run.stdout).group(1)) if run.returncode == 0 else None
    assert quick is not None, run.stdout
    assert f"ends with `All {quick + 2} checks passed`" in text(FACILITATOR).replace("\n   ", " ")
