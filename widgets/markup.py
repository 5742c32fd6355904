"""Safe HTML from participant text: one place for escaping, links and tables, and for
listing things and writing numbers in a sentence."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from fractions import Fraction
from urllib.parse import urlparse


def in_words(words: list[str]) -> str:
    """Things listed as a sentence says them: "a", "a and b", "a, b and c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def counted(number, noun: str) -> str:
    """A number with its noun: "1 week", "12 weeks" (nouns whose plural adds an s)."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def shortened(text: str, limit: int) -> str:
    """``text``, or its start and "…" in at most ``limit`` characters."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def number_text(value) -> str:
    """7.5 -> '7.5', 6 -> '6', 3.456 -> '3.46', 1500 -> '1,500' (hours, months, percents
    and the numbers of a chart)."""
    number = Decimal(str(value)) if not isinstance(value, Fraction) else (
        Decimal(value.numerator) / Decimal(value.denominator))
    rounded = number.quantize(Decimal("0.01"))
    return f"{rounded:,.2f}".rstrip("0").rstrip(".")


def in_sentence(label: str) -> str:
    """A label as the middle of a sentence says it: "Software and IT" -> "software and
    IT", "What I did" -> "what I did"; a label that starts with an acronym keeps it."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def escape(text) -> str:
    """Text shown inside HTML, with every tag and quote made harmless."""
    return html.escape("" if text is None else str(text), quote=True)


def paragraphs(sentences) -> str:
    """Each sentence as its own HTML paragraph, escaped."""
    return "".join(f"<p>{escape(sentence)}</p>" for sentence in sentences)


def is_web_link(url) -> bool:
    """Only http and https links are ever made clickable."""
    if not isinstance(url, str):
        return False
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def link(url, text=None, name: str | None = None) -> str:
    """A safe link if ``url`` is http(s), otherwise the escaped text alone; ``name`` is
    what a screen reader says for it, where the same text links to many places."""
    label = escape(text if text else url)
    if not is_web_link(url):
        return label
    spoken = f' aria-label="{escape(name)}"' if name else ""
    return (f'<a href="{escape(url.strip())}" target="_blank" rel="noopener noreferrer"{spoken}>'
            f"{label}</a>")


def table(headers: list[str], rows: list[list], caption: str | None = None,
          row_classes: list[str] | None = None) -> str:
    """An accessible HTML table; every cell is escaped unless it is ``Markup``."""
    head = "".join(f'<th scope="col">{_cell(h)}</th>' for h in headers)
    body = []
    for index, row in enumerate(rows):
        css = f' class="{escape(row_classes[index])}"' if row_classes and row_classes[index] else ""
        body.append(f"<tr{css}>" + "".join(_td(c) for c in row) + "</tr>")
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    # In its own scrolling box: on a phone a wide table scrolls sideways by itself, and
    # the text around it still wraps to the screen. The box is a stop for the keyboard,
    # named for it (by its first column where it has no caption), so that it scrolls
    # without a mouse too.
    name = caption or f"Table: {headers[0]}"
    return (f'<div class="ck-table-box" role="region" tabindex="0" aria-label="{escape(name)}">'
            f'<table class="ck-table">{cap}<thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>')


class Markup(str):
    """HTML the kit built itself (already escaped); ``table`` inserts it as it is."""


# A negative amount or number in one piece ("-€4,390.00", "-12"): a browser may break a
# line after its minus, and "€4,390.00" alone on the next line reads as a gain.
NEGATIVE_FIGURE = re.compile(r"[-−]\S+")


def _td(value) -> str:
    whole = isinstance(value, str) and not isinstance(value, Markup) and NEGATIVE_FIGURE.fullmatch(value)
    return f'<td class="ck-nowrap">{_cell(value)}</td>' if whole else f"<td>{_cell(value)}</td>"


def _cell(value) -> str:
    return value if isinstance(value, Markup) else escape(value)
