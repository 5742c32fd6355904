"""The plan's 'journal' section (shape check; the tool's logic builds on it)."""

from __future__ import annotations

from widgets.validation import list_of, mapping

EMPTY_SECTION = {"entries": []}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The journal")
    section["entries"] = list_of(section["entries"], what="The journal")
    return section
