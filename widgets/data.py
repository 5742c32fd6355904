"""Reference data in data/*.csv: checked row by row, every problem reported at once.

Pure core logic. An instructor who edits a file in a spreadsheet gets one message
listing the file, line and column of each problem. Files are read once per kernel
(and again only if they change on disk).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from widgets.markup import counted, is_web_link
from widgets.money import CURRENCIES

DATA_DIR_ENV = "CAREER_KIT_DATA"
STATUSES = ("official", "secondary", "conflict", "unverified")
AS_OF_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


KIT_ROOT = Path(__file__).resolve().parent.parent
KIT_DATA_DIR = KIT_ROOT / "data"


def data_dir() -> Path:
    """The data folder: $CAREER_KIT_DATA, else the kit's data/. A relative folder is taken
    from the kit's root, where make runs (the lessons run in notebooks/)."""
    configured = os.environ.get(DATA_DIR_ENV)
    return KIT_ROOT / Path(configured).expanduser() if configured else KIT_DATA_DIR


def is_kits_own(folder: Path) -> bool:
    """Whether ``folder`` is the kit's data/, not an instructor's (CAREER_KIT_DATA)."""
    return folder.resolve() == KIT_DATA_DIR


def file_label(path: Path) -> str:
    """How messages name a data file: data/x.csv for the kit's own; an instructor's folder
    elsewhere in full, so that they edit the file that was read."""
    return f"data/{path.name}" if is_kits_own(path.parent) else str(path)


@dataclass(frozen=True)
class Column:
    """One column: its kind (text, int, decimal, choice, url, as_of) and its limits."""

    name: str
    kind: str = "text"
    required: bool = True
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    choices: tuple[str, ...] = ()
    max_length: int = 400
    decimals: int | None = None

    def read(self, raw: str):
        """The typed value of one cell, or ValueError with a message for the instructor."""
        text = raw.strip()
        if not text:
            if self.required:
                raise ValueError("is empty but required")
            return None
        if self.kind in ("int", "decimal"):
            try:
                number = Decimal(text)
            except InvalidOperation:
                hint = " (use a point for decimals, no currency sign)" if "," in text or "$" in text else ""
                raise ValueError(f"'{text}' is not a number{hint}") from None
            if not number.is_finite():
                raise ValueError(f"'{text}' is not an ordinary number")
            if self.kind == "int" and number != number.to_integral_value():
                raise ValueError(f"'{text}' is not a whole number")
            if self.decimals is not None and -number.as_tuple().exponent > self.decimals:
                # 3.600 is 3600 where a point groups thousands; as an amount, $3.60.
                raise ValueError(f"'{text}' has more than {self.decimals} decimals (for "
                                 "thousands write the number with no separator, like 3600)")
            if self.minimum is not None and number < self.minimum:
                raise ValueError(f"{text} is below the minimum {self.minimum}")
            if self.maximum is not None and number > self.maximum:
                raise ValueError(f"{text} is above the maximum {self.maximum}")
            return int(number) if self.kind == "int" else number
        if self.kind == "choice":
            if text not in self.choices:
                raise ValueError(f"'{text}' is not one of: {', '.join(self.choices)}")
            return text
        if self.kind == "url":
            if not is_web_link(text):
                raise ValueError(f"'{text[:60]}' is not a web address starting with http:// or https://")
            return text
        if self.kind == "as_of":
            if not AS_OF_PATTERN.match(text) or not _a_real_date(text):
                raise ValueError(f"'{text}' is not a date like 2026, 2026-06 or 2026-06-30")
            return text
        if len(text) > self.max_length:
            raise ValueError(f"is too long ({len(text)} characters; at most {self.max_length})")
        return text


def _a_real_date(text: str) -> bool:
    """2026-13-45 and 2026-02-30 have the shape of a date, and were shown as one."""
    try:
        date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
    except ValueError:
        return False
    return True


def _decimal(value) -> Decimal:
    return Decimal(str(value))


def money_column(name: str, required: bool = True, maximum=100_000) -> Column:
    """``maximum`` None: the limit depends on the row's currency (a rule of the row)."""
    return Column(name, "decimal", required, _decimal(0),
                  None if maximum is None else _decimal(maximum), decimals=2)


def rating_column(name: str) -> Column:
    return Column(name, "int", True, _decimal(1), _decimal(5))


SOURCE_COLUMNS = (
    Column("source_url", "url", required=False),
    Column("as_of", "as_of", required=False),
    Column("status", "choice", choices=STATUSES),
)


@dataclass(frozen=True)
class TableSpec:
    """A data file and the rules each of its rows must follow."""

    file: str
    description: str
    columns: tuple[Column, ...]
    key: str = "id"
    # Rules that span columns: "module:function" taking a row whose cells are all valid and
    # returning (column, message) for each rule it breaks. Loaded only when a file is read.
    row_rules: str = ""

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        # Line 0: the file as a whole (missing, not UTF-8, no row with an id a lesson quotes).
        where = (self.file + (f", line {self.line}" if self.line else "")
                 + (f", column '{self.column}'" if self.column else ""))
        return f"{where}: {self.message}"


@dataclass
class DataError(ValueError):
    """All the problems found in one or more data files, in one readable message."""

    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        header = f"{counted(count, 'problem')} in the reference data:"
        return "\n".join([header, *(f"  - {problem}" for problem in self.problems)])


CRITERIA_COLUMNS = (
    "real_world_experience", "network", "hard_skills", "soft_skills", "resume",
    "career_clarity", "path_to_offer", "confidence", "company_culture",
)

TABLES = {
    "facts": TableSpec(
        "facts.csv",
        "Sourced figures the lessons quote, each with its source, date and status.",
        (
            Column("id"),
            Column("topic", "choice", choices=("internships", "wages", "outcomes", "law", "length")),
            Column("statement"),
            Column("value", "decimal", required=False, minimum=_decimal(0)),
            Column("unit", "choice", choices=("percent", "usd_per_hour", "usd_per_year", "offers",
                                              "weeks", "hours_per_week", "months", "text")),
            Column("as_of", "as_of", required=False),
            Column("source"),
            Column("source_url", "url", required=False),
            Column("status", "choice", choices=STATUSES),
        ),
    ),
    "certifications": TableSpec(
        "certifications.csv",
        "Certifications for the explorer and the cost calculator.",
        (
            Column("id"),
            Column("name"),
            Column("short_name", required=False, max_length=40),
            Column("issuer"),
            Column("field", "choice", choices=("cloud", "it_support", "networking", "security",
                                               "project_management", "data", "marketing",
                                               "business")),
            Column("level", "choice", choices=("foundational", "associate", "professional")),
            Column("pricing_model", "choice", choices=("exam_fee", "subscription", "free")),
            money_column("price", maximum=None),
            money_column("other_price", required=False, maximum=None),
            Column("currency", "choice", choices=tuple(CURRENCIES)),
            money_column("retake_price", required=False, maximum=None),
            Column("study_hours", "decimal", False, _decimal(1), _decimal(2000)),
            Column("typical_months_min", "decimal", False, _decimal("0.5"), _decimal(60)),
            Column("typical_months", "decimal", False, _decimal("0.5"), _decimal(60)),
            Column("hours_per_week_assumed", "decimal", False, _decimal("0.5"), _decimal(80)),
            Column("renewal_years", "int", False, _decimal(1), _decimal(10)),
            money_column("renewal_cost", required=False, maximum=None),
            Column("delivery", "choice", choices=("online", "test_centre", "online_or_test_centre",
                                                  "online_course")),
            Column("notes", required=False, max_length=600),
            Column("source"),
            *SOURCE_COLUMNS,
        ),
        row_rules="widgets.certifications.model:row_rule_problems",
    ),
    "internships": TableSpec(
        "internships.csv",
        "An example shortlist for the comparison lesson.",
        (
            Column("id"),
            Column("organisation"),
            Column("role"),
            Column("location"),
            Column("remote", "choice", choices=("yes", "no")),
            Column("pay_kind", "choice", choices=("hourly", "stipend", "unpaid")),
            money_column("hourly_pay", required=False, maximum=500),
            money_column("stipend", required=False, maximum=200_000),
            Column("weeks", "int", True, _decimal(1), _decimal(104)),
            Column("hours_per_week", "int", True, _decimal(1), _decimal(80)),
            *(rating_column(name) for name in CRITERIA_COLUMNS),
            Column("notes", required=False, max_length=600),
        ),
        row_rules="widgets.comparison.model:row_rule_problems",
    ),
}


def read_table(spec: TableSpec, text: str, file_label: str) -> tuple[list[dict], list[Problem]]:
    """Rows of ``text`` read under ``spec``, and every problem found on the way."""
    problems: list[Problem] = []
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    # strict: a quote never closed would otherwise take every later line into its cell.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], [Problem(file_label, 1, "", "the file is empty: it needs a header row")]
    except csv.Error as error:
        return [], [Problem(file_label, 1, "", _quoting_problem(error))]
    missing = [name for name in spec.column_names if name not in header]
    if missing:
        hint = ""
        if "\t" in first_line:
            hint = " (the file is separated by tabs: save it as CSV, with commas)"
        elif unknown := [name for name in header if name and name not in spec.column_names]:
            hint = f" (the header has {', '.join(repr(name) for name in unknown[:3])}: renamed?)"
        return [], [Problem(file_label, 1, name, f"this column is missing from the header row{hint}")
                    for name in missing]
    twice = sorted({name for name in header if name in spec.column_names and header.count(name) > 1})
    if twice:  # the last of the two was read
        return [], [Problem(file_label, 1, name, "this column is in the header row twice")
                    for name in twice]
    rules = _row_rules(spec)
    rows, seen_keys, previous_end = [], {}, reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the lines from here on cannot be told apart
            problems.append(Problem(file_label, previous_end + 1, "", _quoting_problem(error)))
            break
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(file_label, line, "", f"has {len(cells)} cells but the header "
                                    f"has {len(header)} (a stray comma or missing quotes?)"))
            continue
        raw = dict(zip(header, cells, strict=True))
        row, row_ok = {}, True
        for column in spec.columns:
            try:
                row[column.name] = column.read(raw[column.name])
            except ValueError as error:
                problems.append(Problem(file_label, line, column.name, str(error)))
                row_ok = False
        if row_ok and rules is not None:
            for column, message in rules(row):
                problems.append(Problem(file_label, line, column, message))
                row_ok = False
        key = row.get(spec.key)
        if key is not None and key in seen_keys:
            problems.append(Problem(file_label, line, spec.key,
                                    f"'{key}' was already used on line {seen_keys[key]}"))
            row_ok = False
        elif key is not None:
            seen_keys[key] = line
        if row_ok:
            rows.append(row)
    return rows, problems


def _quoting_problem(error: csv.Error) -> str:
    """What Python's csv reader stopped at, in the words of someone editing a spreadsheet."""
    if any(words in str(error) for words in ("end of data", "field limit", "expected after")):
        return ('a quote (") opens a cell on this line and does not close where the cell '
                "ends, so what follows runs into that cell: remove the quote, or put the whole "
                'cell in quotes with each quote inside it doubled ("")')
    return f"cannot be read as CSV ({error})"


def _row_rules(spec: TableSpec):
    if not spec.row_rules:
        return None
    from importlib import import_module

    module, function = spec.row_rules.split(":")
    return getattr(import_module(module), function)


_cache: dict[str, tuple[int, list[dict]]] = {}


def load_table(name: str, directory: Path | None = None) -> list[dict]:
    """All rows of one data table, or DataError naming every problem."""
    spec = TABLES[name]
    path = (directory or data_dir()) / spec.file
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise DataError([Problem(str(path), 0, "", "the file does not exist")]) from None
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return [dict(row) for row in cached[1]]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Problem(str(path), 0, "", "is not UTF-8 text; save it as "
                                 "'CSV UTF-8' from your spreadsheet")]) from None
    rows, problems = read_table(spec, text, file_label(path))
    if problems:
        raise DataError(problems)
    _cache[str(path)] = (stamp, rows)
    return [dict(row) for row in rows]


def check_all(directory: Path | None = None) -> list[Problem]:
    """Every problem in every data file (an empty list means all files are valid)."""
    problems: list[Problem] = []
    for name in TABLES:
        try:
            load_table(name, directory)
        except DataError as error:
            problems.extend(error.problems)
    return problems


def main() -> int:
    """`make check-data`: print each problem, or a short all-clear."""
    problems = check_all()
    if problems:
        print(DataError(problems))
        return 1
    for name, spec in TABLES.items():
        print(f"{file_label(data_dir() / spec.file)}: {len(load_table(name))} rows valid "
              f"({spec.description})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
