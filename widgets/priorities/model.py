"""Priorities section: how much each benefit of an internship matters (0-5)."""

from __future__ import annotations

from widgets.validation import mapping, parse_int

BENEFITS = (
    ("real_world_experience", "Real-world experience"),
    ("network", "Professional network"),
    ("hard_skills", "Hard skills"),
    ("soft_skills", "Soft skills"),
    ("resume", "A stronger resume"),
    ("career_clarity", "Career clarity"),
    ("path_to_offer", "Path to a full-time offer"),
    ("confidence", "Confidence"),
    ("company_culture", "Company culture"),
)
EMPTY_SECTION = {"ratings": {}}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The priorities")
    ratings = mapping(section["ratings"], {key: None for key, _ in BENEFITS}, what="The ratings")
    section["ratings"] = {
        key: parse_int(value, minimum=0, maximum=5, what=f"The rating of '{key}'")
        for key, value in ratings.items() if value is not None
    }
    return section
