"""Sourced figures from data/facts.csv, quoted with their source, year and status."""

from __future__ import annotations

import re
from decimal import Decimal

from widgets.data import TABLES, DataError, Problem, data_dir, file_label, load_table
from widgets.markup import escape, link
from widgets.money import US_FIGURES_CURRENCY, format_money

STATUS_WORDS = {
    "official": "from the issuer's own page",
    "secondary": "quoted by a third party",
    "conflict": "sources disagree",
    "unverified": "not confirmed",
}


def fact(fact_id: str) -> dict:
    """One row of data/facts.csv by its id; DataError, as for a bad cell, if none has it
    (a row a lesson quotes was deleted)."""
    for row in load_table("facts"):
        if row["id"] == fact_id:
            return row
    raise DataError([Problem(file_label(data_dir() / TABLES["facts"].file), 0, "id",
                             f"no row has the id '{fact_id}', which a lesson quotes")])


def figure(fact_id: str) -> str:
    """The value with its unit, as a student reads it: '62%', '$22.06 an hour'."""
    row = fact(fact_id)
    value: Decimal | None = row["value"]
    if value is None:
        return ""
    unit = row["unit"]
    if unit == "percent":
        return f"{value.normalize():f}%"
    if unit == "usd_per_hour":
        return f"{format_money(value, US_FIGURES_CURRENCY)} an hour"
    if unit == "usd_per_year":
        return f"{format_money(value, US_FIGURES_CURRENCY, cents=False)} a year"
    words = {"offers": "offers", "weeks": "weeks", "hours_per_week": "hours a week",
             "months": "months"}
    return f"{value.normalize():f} {words.get(unit, '')}".strip()


def number(fact_id: str) -> str:
    """The value alone, as written in a sentence: '10', '43.5'."""
    return f"{fact(fact_id)['value'].normalize():f}"


def year(fact_id: str) -> str:
    as_of = fact(fact_id)["as_of"]
    return as_of[:4] if as_of else "undated"


def citation(fact_id: str) -> str:
    """'NACE, press release, 2023; from the issuer's own page' (plain text)."""
    row = fact(fact_id)
    return f"{row['source']}, {year(fact_id)}; {STATUS_WORDS[row['status']]}"


def fact_html(fact_id: str) -> str:
    """One fact as an HTML list item: statement, figure, and a linked citation."""
    row = fact(fact_id)
    # Named with its fact: one source can back several figures in a list.
    source = (link(row["source_url"], row["source"],
                   name=f"{row['source']}: source of “{row['statement']}”")
              if row["source_url"] else escape(row["source"]))
    shown = figure(fact_id)
    value = f": <strong>{escape(shown)}</strong>" if shown else ""
    return (f"<li>{escape(row['statement'])}{value} "
            f'<span class="ck-source">({source}, {escape(year(fact_id))}; '
            f"{escape(STATUS_WORDS[row['status']])})</span></li>")


# Words a figure's statement may use that a student may not know, each said once below
# the list that uses it.
TERMS = {"median": "Median: the middle value; half of the group had more, half less."}


def facts_list_html(fact_ids: list[str], title: str) -> str:
    items = "".join(fact_html(fact_id) for fact_id in fact_ids)
    statements = " ".join(fact(fact_id)["statement"].lower() for fact_id in fact_ids)
    terms = "".join(f'<p class="ck-intro">{escape(meaning)}</p>'
                    for term, meaning in TERMS.items() if re.search(rf"\b{term}\b", statements))
    return (f'<section class="ck-facts"><h3>{escape(title)}</h3><ul>{items}</ul>{terms}'
            "</section>")
