"""The plan's 'certifications' section (shape check; the tool's logic builds on it)."""

from __future__ import annotations

from widgets.validation import list_of, mapping

EMPTY_SECTION = {"chosen": [], "settings": {}}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The certifications")
    section["chosen"] = list_of(section["chosen"], what="The chosen certifications")
    section["settings"] = mapping(section["settings"], dict(section["settings"] or {}),
                                  what="The calculator settings")
    return section
