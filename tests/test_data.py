"""Reference data: every shipped file is valid, and every problem in an edited file is
reported with its file, line and column in one message."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from widgets.data import TABLES, DataError, check_all, data_dir, load_table, main, read_table

DATA = Path(__file__).resolve().parent.parent / "data"


def test_shipped_data_files_are_valid():
    assert check_all() == []
    for name in TABLES:
        assert load_table(name), f"{name} has no rows"


def test_every_row_names_its_source_date_and_status():
    for name, spec in TABLES.items():
        if "status" in spec.column_names:
            for row in load_table(name):
                assert row["status"] in ("official", "secondary", "conflict", "unverified")


def test_every_problem_is_reported_with_line_and_column():
    text = (
        "id,topic,statement,value,unit,as_of,source,source_url,status\n"
        "a,wages,Fine row,22.06,usd_per_hour,2024-03-11,NACE,https://example.org,official\n"
        "b,wages,Bad number,22;06,usd_per_hour,2024,NACE,,official\n"
        "c,weather,,5,percent,March 2024,NACE,ftp://x,maybe\n"
        "a,wages,Duplicate id,1,percent,2024,NACE,,official\n"
        "d,wages,Too few cells\n"
    )
    rows, problems = read_table(TABLES["facts"], text, "data/facts.csv")
    messages = [str(problem) for problem in problems]
    assert [row["id"] for row in rows] == ["a"]
    assert "data/facts.csv, line 3, column 'value': '22;06' is not a number" in messages
    assert any("line 4, column 'topic'" in m and "weather" in m for m in messages)
    assert any("line 4, column 'statement': is empty but required" in m for m in messages)
    assert any("line 4, column 'as_of'" in m for m in messages)
    assert any("line 4, column 'source_url'" in m and "http" in m for m in messages)
    assert any("line 4, column 'status'" in m for m in messages)
    assert any("line 5, column 'id': 'a' was already used on line 2" in m for m in messages)
    assert any("line 6" in m and "cells" in m for m in messages)


INTERNSHIP_HEADER = (DATA / "internships.csv").read_text(encoding="utf-8").splitlines()[0]


def internship_rows(edit) -> str:
    """The kit's internships.csv with ``edit(lines)`` applied, as text."""
    lines = (DATA / "internships.csv").read_text(encoding="utf-8").splitlines()
    edit(lines)
    return "\n".join(lines) + "\n"


def test_an_amount_with_a_point_between_thousands_is_refused():
    """3.600 for 3600 (much of Europe) was read as $3.60, and its ranking used it."""
    def three_point_six_hundred(lines):
        cells = next(csv.reader([lines[1]]))
        cells[INTERNSHIP_HEADER.split(",").index("stipend")] = "3.600"
        lines[1] = ",".join(f'"{cell}"' for cell in cells)

    rows, problems = read_table(TABLES["internships"], internship_rows(three_point_six_hundred),
                                "data/internships.csv")
    assert [str(p) for p in problems] == [
        "data/internships.csv, line 2, column 'stipend': '3.600' has more than 2 decimals (for "
        "thousands write the number with no separator, like 3600)"]


@pytest.mark.parametrize("damage, line, words", [
    # A quote opening line 3's last cell, never closed: the rows after it became its text,
    # and the check said "2 rows valid".
    (lambda lines: lines.__setitem__(2, lines[2].replace(",Fictional", ',"Fictional')), 3,
     "does not close"),
    (lambda lines: lines.__setitem__(2, lines[2].replace(",Fictional", ',"' + "x" * 140_000)), 3,
     "does not close"),  # past the csv module's cell limit: it raised, a traceback
    (lambda lines: lines.__setitem__(4, lines[4].replace('"Austin, TX"', '"Austin, TX" area')), 5,
     "does not close where the cell ends"),
])
def test_a_stray_quote_is_reported_where_it_is(damage, line, words):
    text = internship_rows(damage)
    rows, problems = read_table(TABLES["internships"], text, "data/internships.csv")
    assert any(str(p).startswith(f"data/internships.csv, line {line}: ") and words in str(p)
               for p in problems), problems


def test_missing_column_is_named():
    _rows, problems = read_table(TABLES["facts"], "id,topic\nx,wages\n", "data/facts.csv")
    assert {p.column for p in problems} >= {"statement", "value", "status"}


def test_spreadsheet_exports_are_read(tmp_path):
    """Excel writes a byte-order mark and, in many countries, semicolons."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    rows = list(csv.reader((DATA / "internships.csv").read_text(encoding="utf-8").splitlines()))
    with open(tmp_path / "internships.csv", "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    assert len(load_table("internships", tmp_path)) == len(load_table("internships"))


def test_broken_file_raises_one_error_listing_everything(tmp_path):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "internships.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",12,40,", ",twelve,40,", 1)
    lines[2] = lines[2].replace(",yes,", ",maybe,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_table("internships", tmp_path)
    text = str(caught.value)
    assert text.startswith("2 problems in the reference data:")
    # A folder other than the kit's data/ (CAREER_KIT_DATA) is named in full: "data/…"
    # sent an instructor to edit the kit's own file, which had no problem.
    assert f"{path}, line 2, column 'weeks'" in text
    assert f"{path}, line 3, column 'remote'" in text


def test_check_data_command_reports_and_fails(tmp_path, monkeypatch, capsys):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.setenv("CAREER_KIT_DATA", str(tmp_path))
    assert main() == 0
    (tmp_path / "facts.csv").write_text("id,topic\n", encoding="utf-8")
    assert main() == 1
    assert "column 'statement'" in capsys.readouterr().out


def test_rules_that_span_columns_are_reported_with_line_and_column(tmp_path, monkeypatch, capsys):
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "certifications.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if ",free,0," in line)
    lines[index] = lines[index].replace(",free,0,", ",free,5,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("CAREER_KIT_DATA", str(tmp_path))
    assert main() == 1
    assert f"{path}, line {index + 1}, column 'price'" in capsys.readouterr().out


def test_a_relative_data_folder_is_taken_from_the_kits_folder(monkeypatch, tmp_path):
    """`CAREER_KIT_DATA=class-data make check-data` passed (make runs in the kit's folder)
    while every lesson, run in notebooks/, said the files did not exist."""
    monkeypatch.setenv("CAREER_KIT_DATA", "class-data")
    monkeypatch.chdir(tmp_path)
    assert data_dir() == DATA.parent / "class-data"
    monkeypatch.setenv("CAREER_KIT_DATA", "~/class-data")
    assert data_dir() == Path.home() / "class-data"


def test_certification_prices_are_limited_in_the_rows_own_currency(tmp_path):
    """PMP at 47000 rupees was refused ("above the maximum 10000"): a limit in US dollars."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "certifications.csv"
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0].update(price="47000", currency="INR")
    rows[1].update(price="47000")  # US dollars
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DataError) as caught:
        load_table("certifications", tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}, line 3, column 'price': 47000 is above the maximum 10000 for USD (an extra zero?)"]


@pytest.mark.parametrize("cells, problem", [
    # An hourly row with no hourly pay (and a stipend) showed "$0.00 an hour".
    ({"hourly_pay": "", "stipend": "1200"}, "column 'hourly_pay': is empty but pay_kind is 'hourly'"),
    ({"stipend": "1200"}, "column 'stipend': is 1200 but pay_kind is 'hourly', which does not count it"),
    # An unpaid row's hourly pay was left out without a word.
    ({"pay_kind": "unpaid"}, "column 'hourly_pay': is 24.00 but pay_kind is 'unpaid'"),
])
def test_an_internships_pay_follows_its_kind(cells, problem):
    def edit(lines):
        header = lines[0].split(",")
        row = next(csv.reader([lines[1]]))
        for column, text in cells.items():
            row[header.index(column)] = text
        lines[1] = ",".join(f'"{cell}"' for cell in row)

    _rows, problems = read_table(TABLES["internships"], internship_rows(edit), "data/internships.csv")
    assert [str(p) for p in problems if "line 2" in str(p)][0].startswith(
        f"data/internships.csv, line 2, {problem}")


@pytest.mark.parametrize("text, problem", [
    ("id\ttopic\tstatement\n", "this column is missing from the header row (the file is separated by tabs"),
    ("ID,topic,statement,value,unit,as_of,source,source_url,status\n",
     "column 'id': this column is missing from the header row (the header has 'ID': renamed?)"),
    ("id,topic,statement,value,value,unit,as_of,source,source_url,status\n",
     "column 'value': this column is in the header row twice"),
    ("id,topic,statement,value,unit,as_of,source,source_url,status\n"
     "a,wages,A figure,5,percent,2026-13-45,NACE,,official\n",
     "line 2, column 'as_of': '2026-13-45' is not a date"),
    ("id,topic,statement,value,unit,as_of,source,source_url,status\n"
     "a,wages,A figure,5,percent,2026-02-30,NACE,,official\n",
     "line 2, column 'as_of': '2026-02-30' is not a date"),
])
def test_a_header_or_date_a_spreadsheet_got_wrong_is_named(text, problem):
    _rows, problems = read_table(TABLES["facts"], text, "data/facts.csv")
    assert any(problem in str(p) for p in problems), problems
