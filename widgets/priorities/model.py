"""Priorities section: how much each benefit of an internship matters to the participant.

Pure core logic. A rating runs from 0 (does not matter to me) to 5 (essential); a
benefit not rated yet is simply absent from ``ratings``. The ranked profile is what
lesson 01 shows, and the ratings become the default weights of the comparison in
lesson 04 (``default_weights``).

Section shape (plan JSON): ``{"ratings": {"network": 4, "resume": 2, ...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.markup import in_words
from widgets.validation import InputError, mapping, parse_int

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
BENEFIT_KEYS = tuple(key for key, _ in BENEFITS)
LABELS = dict(BENEFITS)

# One line under each rating: what the benefit means, in a student's words.
BENEFIT_HELP = {
    "real_world_experience": "Using what you learned in class on real work, with real deadlines.",
    "network": "Mentors, colleagues, fellow interns and people who can give you a reference.",
    "hard_skills": "Technical skills such as coding, data analysis, networking, security or cloud.",
    "soft_skills": "Teamwork, communication, problem-solving and managing your time.",
    "resume": "Experience and results you can name on your resume and talk about in interviews.",
    "career_clarity": "Finding out whether this path suits you, or changing direction early.",
    "path_to_offer": "A direct route to a full-time job offer from the same employer.",
    "confidence": "Trusting that you can do professional work, and showing it.",
    "company_culture": "Getting used to how a workplace runs: meetings, feedback, expectations.",
}

# What to look for or ask about when a benefit is one of your top priorities.
BENEFIT_TIPS = {
    "real_world_experience": "Ask what real projects interns work on, and whether the work is used.",
    "network": "Ask whether interns get a mentor and meet people beyond their own team.",
    "hard_skills": "Ask which tools and technologies you would use every week.",
    "soft_skills": "Look for roles with teamwork, presenting, or contact with clients.",
    "resume": "Ask what you could show at the end: a project, a report, a result with a number.",
    "career_clarity": "Choose a role close to the job you think you want, so you find out early.",
    "path_to_offer": "Ask how many interns received a full-time offer last year.",
    "confidence": "Look for regular feedback and a small piece of work you can own.",
    "company_culture": "Talk to current or former interns, and read reviews of the team.",
}

MIN_RATING, MAX_RATING = 0, 5
RATING_WORDS = {
    0: "does not matter to me",
    1: "matters a little",
    2: "matters somewhat",
    3: "matters",
    4: "matters a lot",
    5: "essential",
}
TIPS_SHOWN = 3
EMPTY_SECTION = {"ratings": {}}


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The priorities")
    ratings = mapping(section["ratings"], {key: None for key in BENEFIT_KEYS},
                      what="The ratings")
    checked = {}
    for key, value in ratings.items():
        if value is None:
            continue
        if isinstance(value, bool):
            raise InputError(f"The rating of '{LABELS[key]}' must be a whole number from 0 to 5.")
        checked[key] = parse_int(value, minimum=MIN_RATING, maximum=MAX_RATING,
                                 what=f"The rating of '{LABELS[key]}'")
    section["ratings"] = checked
    return section


@dataclass(frozen=True)
class RankedBenefit:
    """One rated benefit and its place in the participant's profile (ties share a rank)."""

    rank: int
    key: str
    label: str
    rating: int
    tied: bool = False  # another benefit shares its rank ("1. … 1. …" read as a mistake)

    @property
    def words(self) -> str:
        return RATING_WORDS[self.rating]

    @property
    def place(self) -> str:
        """Its rank as the list says it: "1", or "1 (tied)"."""
        return f"{self.rank} (tied)" if self.tied else str(self.rank)


def ranked_profile(section: dict) -> list[RankedBenefit]:
    """Rated benefits, most important first; equal ratings share a rank, in lesson order."""
    ratings = section["ratings"]
    rated = [key for key in BENEFIT_KEYS if key in ratings]
    rated.sort(key=lambda key: -ratings[key])  # stable: ties keep the lesson's order
    shared = [ratings[key] for key in rated]
    return [
        RankedBenefit(1 + sum(1 for other in rated if ratings[other] > ratings[key]),
                      key, LABELS[key], ratings[key], tied=shared.count(ratings[key]) > 1)
        for key in rated
    ]


def unrated(section: dict) -> list[str]:
    """Labels of the benefits not rated yet, in lesson order."""
    return [LABELS[key] for key in BENEFIT_KEYS if key not in section["ratings"]]


def profile_sentences(section: dict) -> list[str]:
    """The ranked profile in plain sentences (the caller escapes them for HTML)."""
    ranked = ranked_profile(section)
    if not ranked:
        return ["Nothing rated yet: choose how much each benefit matters to you."]
    top_rating = ranked[0].rating
    bottom_rating = ranked[-1].rating
    top = [item.label for item in ranked if item.rating == top_rating]
    sentences = []
    if top_rating == bottom_rating and len(ranked) > 1:
        sentences.append(
            f"You rated every benefit the same ({top_rating} of {MAX_RATING}). That is fine, "
            "but then the comparison in lesson 04 treats them all alike: try picking the two "
            "or three that matter most to you."
        )
    else:
        sentences.append(f"What matters most to you: {in_words(top)} ({top_rating} of {MAX_RATING}, "
                         f"{RATING_WORDS[top_rating]}).")
        if len(ranked) > 1:
            bottom = [item.label for item in ranked if item.rating == bottom_rating]
            sentences.append(f"What matters least: {in_words(bottom)} ({bottom_rating} of "
                             f"{MAX_RATING}).")
    missing = unrated(section)
    if missing:
        sentences.append(f"Not rated yet: {in_words(missing)}.")
    return sentences


def chart_items(section: dict) -> list[tuple[str, int]]:
    """(label, rating) pairs in ranked order, for the bar chart."""
    return [(item.label, item.rating) for item in ranked_profile(section)]


def tips(section: dict, count: int = TIPS_SHOWN) -> list[tuple[str, str]]:
    """(label, what to look for) for the top-ranked benefits that matter (rating 3 or more)."""
    return [(item.label, BENEFIT_TIPS[item.key])
            for item in ranked_profile(section)[:count] if item.rating >= 3]


def default_weights(section: dict) -> dict[str, int]:
    """The rated benefits as comparison weights (0-5); unrated benefits are left out."""
    return {key: section["ratings"][key] for key in BENEFIT_KEYS if key in section["ratings"]}


def summarise(section: dict) -> list[str]:
    """Plain sentences for the plan summary (lesson 07)."""
    ranked = ranked_profile(section)
    if not ranked:
        return []
    order = "; ".join(f"{item.place}. {item.label} ({item.rating} of {MAX_RATING})"
                      for item in ranked)
    return [*profile_sentences(section)[:2], f"Your priorities in order: {order}."]


def gaps(section: dict) -> list[str]:
    """What is still missing, in words a participant can act on."""
    missing = unrated(section)
    if len(missing) == len(BENEFITS):
        return ["No priorities rated yet (lesson 01)."]
    if missing:
        return [f"{len(missing)} of {len(BENEFITS)} priorities not rated yet: "
                f"{in_words(missing)} (lesson 01)."]
    return []
