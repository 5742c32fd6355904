"""Internship comparison: a weighted decision matrix over the participant's shortlist.

Pure core logic. Each option is rated 1-5 on each criterion; each criterion has a
weight 0-5 (0: it does not count). An option's score is the sum of weight x rating,
the method career centres use for offer evaluation matrices, shown also as a share of
the best possible score. The criteria are the benefits rated in lesson 01, plus money.

Section shape (plan JSON)::

    {"options": [{"id": "a1b2c3d4", "organisation": "...", "role": "...",
                  "location": "Chicago, IL", "remote": false, "pay_kind": "hourly",
                  "hourly_pay": "22.00", "stipend": "0.00", "weeks": 12,
                  "hours_per_week": "40", "net_result": "-350.00" or "",
                  "ratings": {"network": 4, ...}, "notes": "", "example": false}, ...],
     "weights": {"network": 5, ...},       # complete once lesson 04 saved anything
     "weights_from": "priorities",         # "equal", "priorities" or "own"
     "currency": "USD"}                    # the profile's currency when last saved

``weights`` always holds the weights the ranking used when the section was last saved.
When ``weights_from`` is not "own", lesson 04 shows the current lesson 01 priorities as
the weights (``effective_weights``), and so does the summary, given them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from widgets.internship_costs.model import (
    PAY_FIELD_OF_KIND,
    PAY_KIND_VALUES,
    calculate,
    missing_pay,
    pay_for,
    pay_text,
    read_hours_per_week,
    read_weeks,
    scenarios_in,
)
from widgets.internship_costs.model import editor_texts as scenario_texts
from widgets.markup import counted, in_sentence, in_words
from widgets.money import (
    CURRENCIES,
    DEFAULT_CURRENCY,
    US_FIGURES_CURRENCY,
    format_money,
    largest_amount,
    parse_money,
    to_money,
)
from widgets.priorities.model import BENEFITS
from widgets.priorities.model import default_weights as priority_weights
from widgets.validation import (
    InputError,
    choice,
    decimal_text,
    items_with_unique_ids,
    mapping,
    parse_int,
    parse_text,
)

CRITERIA = (*BENEFITS, ("affordability", "Money: pay and costs"))
CRITERION_KEYS = tuple(key for key, _ in CRITERIA)
CRITERION_LABELS = dict(CRITERIA)
MIN_RATING, MAX_RATING = 1, 5
NEUTRAL_RATING = 3
MIN_WEIGHT, MAX_WEIGHT = 0, 5
EQUAL_WEIGHT = 3
WEIGHT_SOURCES = ("equal", "priorities", "own")
MAX_OPTIONS = 30
MAX_TEXT = 120
MAX_NOTES = 600
MAX_PAY = {"hourly_pay": Decimal(500), "stipend": Decimal(200_000)}
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# How far apart the top two may be (in percentage points of the best possible score)
# to be called "very close" or "close".
VERY_CLOSE, CLOSE = Decimal(3), Decimal(8)

EMPTY_SECTION = {"options": [], "weights": {}, "weights_from": "equal",
                 "currency": DEFAULT_CURRENCY}

# The editor's text fields, with their labels.
FIELD_LABELS = {
    "organisation": "Organisation",
    "role": "Role",
    "location": "Location",
    "hourly_pay": "Hourly pay",
    "stipend": "Stipend (total)",
    "weeks": "Length in weeks",
    "hours_per_week": "Hours per week",
    "net_result": "Net result (from lesson 02)",
    "notes": "Notes",
}


@dataclass(frozen=True)
class InternshipOption:
    """One internship on the shortlist, with its 1-5 rating on each criterion."""

    id: str
    organisation: str
    role: str = ""
    location: str = ""
    remote: bool = False
    pay_kind: str = "hourly"
    hourly_pay: Decimal = Decimal("0.00")
    stipend: Decimal = Decimal("0.00")
    weeks: int = 10
    hours_per_week: Decimal = Decimal(40)
    net_result: Decimal | None = None
    ratings: dict = field(default_factory=lambda: {key: NEUTRAL_RATING for key in CRITERION_KEYS})
    notes: str = ""
    example: bool = False

    @property
    def title(self) -> str:
        return f"{self.organisation} – {self.role}" if self.role else self.organisation

    @property
    def is_paid(self) -> bool:
        return total_pay(self) > 0

    def to_dict(self) -> dict:
        # Not dataclasses.asdict: its deep copies were half the time of saving the
        # shortlist, on every change (the ratings dict is rebuilt below).
        data = dict(vars(self))
        data["hourly_pay"] = f"{self.hourly_pay:.2f}"
        data["stipend"] = f"{self.stipend:.2f}"
        data["hours_per_week"] = decimal_text(self.hours_per_week)
        data["net_result"] = "" if self.net_result is None else f"{self.net_result:.2f}"
        data["ratings"] = {key: self.ratings[key] for key in CRITERION_KEYS}
        return data


def _rating(key: str, value) -> int:
    if isinstance(value, bool):
        raise InputError(f"The rating for '{CRITERION_LABELS[key]}' must be a whole number.")
    return parse_int(value, minimum=MIN_RATING, maximum=MAX_RATING,
                     what=f"The rating for '{CRITERION_LABELS[key]}'")


def _weight(key: str, value) -> int:
    if isinstance(value, bool):
        raise InputError(f"The weight of '{CRITERION_LABELS[key]}' must be a whole number.")
    return parse_int(value, minimum=MIN_WEIGHT, maximum=MAX_WEIGHT,
                     what=f"The weight of '{CRITERION_LABELS[key]}'")


def _field_value(name: str, value, currency: str):
    """One typed field of an option, checked (InputError with a message for a person);
    amounts in ``currency``."""
    if name == "organisation":
        return parse_text(value, required=True, max_length=MAX_TEXT, what="The organisation")
    if name in ("role", "location"):
        return parse_text(value, max_length=MAX_TEXT, what=f"The {name}")
    if name == "notes":
        return parse_text(value, max_length=MAX_NOTES, what="The notes field")
    if name in MAX_PAY:
        if isinstance(value, str) and not value.strip():
            value = "0"
        return parse_money(value, currency, what=FIELD_LABELS[name],
                           maximum=largest_amount(MAX_PAY[name], currency))
    if name == "weeks":
        return read_weeks(value)
    if name == "hours_per_week":
        return read_hours_per_week(value)
    if name == "net_result":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        text = value.strip().replace("−", "-") if isinstance(value, str) else value
        return parse_money(text, currency, what="The net result", allow_negative=True)
    if name == "pay_kind":
        return choice(value, PAY_KIND_VALUES, what="Pay")
    if name in ("remote", "example"):
        if not isinstance(value, bool):
            raise InputError(f"'{name}' must be true or false.")
        return value
    raise InputError(f"Unknown field '{name}'.")


def option_from_dict(data, currency: str) -> InternshipOption:
    """An option from the plan (or anything shaped like it), checked field by field;
    amounts in ``currency``."""
    defaults = {name: None for name in InternshipOption.__dataclass_fields__}
    raw = mapping(data, defaults, what="An option on the shortlist")
    option_id = raw["id"]
    if not isinstance(option_id, str) or not ID_PATTERN.match(option_id):
        raise InputError("An option on the shortlist has a missing or malformed id.")
    values = {"id": option_id}
    fill = {"remote": False, "example": False, "pay_kind": "hourly", "hourly_pay": "0",
            "stipend": "0", "role": "", "location": "", "notes": "", "net_result": ""}
    for name in defaults:
        if name in ("id", "ratings"):
            continue
        if raw[name] is None and name not in fill:
            raise InputError(f"An option on the shortlist has no {in_sentence(FIELD_LABELS[name])}.")
        value = raw[name] if raw[name] is not None else fill[name]
        values[name] = _field_value(name, value, currency)
    ratings = mapping(raw["ratings"] if raw["ratings"] is not None else {},
                      {key: NEUTRAL_RATING for key in CRITERION_KEYS},
                      what="The ratings of an option")
    values["ratings"] = {key: _rating(key, value) for key, value in ratings.items()}
    return InternshipOption(**values)


def parse_option(option_id: str, texts: dict, *, remote: bool, pay_kind: str, ratings: dict,
                 currency: str, example: bool = False) -> tuple[InternshipOption | None, dict]:
    """What a participant typed into the editor -> (option or None, {field: message})."""
    values = {}
    errors = missing_pay(texts, pay_kind, FIELD_LABELS)
    for name, text in texts.items():
        if name in errors:
            continue
        try:
            values[name] = _field_value(name, text, currency)
        except InputError as error:
            errors[name] = str(error)
    try:
        pay_kind = _field_value("pay_kind", pay_kind, currency)
        checked_ratings = {key: _rating(key, ratings[key]) for key in CRITERION_KEYS}
    except (InputError, KeyError) as error:
        errors["ratings"] = str(error) if isinstance(error, InputError) else "Rate every criterion."
    if errors:
        return None, errors
    return InternshipOption(id=option_id, remote=bool(remote), pay_kind=pay_kind,
                            ratings=checked_ratings, example=example, **values), {}


def editor_texts(option: InternshipOption) -> dict:
    """The option's typed fields as the editor shows them."""
    return {
        "organisation": option.organisation,
        "role": option.role,
        "location": option.location,
        "hourly_pay": f"{option.hourly_pay:.2f}",
        "stipend": f"{option.stipend:.2f}",
        "weeks": str(option.weeks),
        "hours_per_week": decimal_text(option.hours_per_week),
        "net_result": "" if option.net_result is None else f"{option.net_result:.2f}",
        "notes": option.notes,
    }


# --- weights -------------------------------------------------------------------------------
def default_weights(priorities: dict | None) -> tuple[dict[str, int], str]:
    """Weights from the lesson 01 priorities when any are rated, else equal weights.

    Returns (weights, source). Benefits not rated in lesson 01, and money (which lesson
    01 does not rate), get the middle weight.
    """
    rated = priority_weights(priorities) if priorities else {}
    weights = {key: rated.get(key, EQUAL_WEIGHT) for key in CRITERION_KEYS}
    return weights, "priorities" if rated else "equal"


def effective_weights(section: dict, priorities: dict | None = None) -> tuple[dict[str, int], str]:
    """The weights the ranking uses now, and where they come from."""
    if section["weights_from"] == "own" and section["weights"]:
        return {key: section["weights"].get(key, EQUAL_WEIGHT) for key in CRITERION_KEYS}, "own"
    if priorities is None and section["weights"]:
        return ({key: section["weights"].get(key, EQUAL_WEIGHT) for key in CRITERION_KEYS},
                section["weights_from"])
    return default_weights(priorities)


def weights_sentence(source: str, priorities: dict | None = None) -> str:
    if source == "own":
        return "These are your own weights."
    if source == "priorities":
        not_rated = [label for key, label in BENEFITS
                     if priorities is not None and key not in priorities["ratings"]]
        extra = (f" Not rated there, so set to {EQUAL_WEIGHT}: {', '.join(not_rated)}."
                 if not_rated else "")
        return ("These weights come from your priorities in lesson 01; money starts at "
                f"{EQUAL_WEIGHT}.{extra} Change any of them here.")
    return (f"Every criterion has the same weight ({EQUAL_WEIGHT}) because no priorities are "
            "rated in lesson 01 yet. Change any of them here.")


# --- scoring -------------------------------------------------------------------------------
def total_pay(option: InternshipOption) -> Decimal:
    return pay_for(option.pay_kind, option.hourly_pay, option.stipend, option.weeks,
                   option.hours_per_week)


def contributions(option: InternshipOption, weights: dict[str, int]) -> dict[str, int]:
    """Weight x rating for each criterion."""
    return {key: weights[key] * option.ratings[key] for key in CRITERION_KEYS}


def score(option: InternshipOption, weights: dict[str, int]) -> int:
    return sum(contributions(option, weights).values())


def best_possible(weights: dict[str, int]) -> int:
    return MAX_RATING * sum(weights[key] for key in CRITERION_KEYS)


def percent_of_best(points: int, weights: dict[str, int]) -> Decimal:
    best = best_possible(weights)
    if best == 0:
        return Decimal("0.0")
    return (Decimal(100) * points / best).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class RankedOption:
    """An option with its place in the ranking (equal scores share a rank)."""

    rank: int
    option: InternshipOption
    points: int
    percent: Decimal


def rank_options(options: list[InternshipOption], weights: dict[str, int]) -> list[RankedOption]:
    """Options best first. The order does not depend on the order they were entered:
    equal scores share a rank and are listed by organisation, role and id."""
    scored = [(score(option, weights), option) for option in options]
    scored.sort(key=lambda item: (-item[0], item[1].organisation.casefold(),
                                  item[1].role.casefold(), item[1].id))
    return [
        RankedOption(1 + sum(1 for points, _ in scored if points > own_points), option,
                     own_points, percent_of_best(own_points, weights))
        for own_points, option in scored
    ]


def filter_options(options: list[InternshipOption], *, paid_only: bool = False,
                   remote_only: bool = False, location: str = "") -> list[InternshipOption]:
    """Options that pass the filters; ``location`` matches without regard to case."""
    wanted = location.strip().casefold()
    return [
        option for option in options
        if (not paid_only or option.is_paid)
        and (not remote_only or option.remote)
        and (not wanted or option.location.strip().casefold() == wanted)
    ]


def locations(options: list[InternshipOption]) -> list[str]:
    """The different locations on the shortlist, sorted, each once (ignoring case)."""
    seen = {}
    for option in options:
        name = option.location.strip()
        if name:
            seen.setdefault(name.casefold(), name)
    return [seen[key] for key in sorted(seen)]


SORT_KEYS = (
    ("Score (best first)", "score"),
    ("Total pay (highest first)", "pay"),
    ("Net result (best first)", "net"),
    ("Length (shortest first)", "length"),
    ("Organisation (A to Z)", "name"),
)


def ranking_caption(sort: str) -> str:
    """The ranking table's caption, with its order: sorted otherwise than by score, its
    Rank column is not top to bottom, and the caption says why."""
    if sort == "score":
        return "Your options, ranked by weighted score"
    order = dict((key, label) for label, key in SORT_KEYS)[sort]
    return f"Your options, sorted by {in_sentence(order)}; Rank is by weighted score"


def sort_ranked(ranked: list[RankedOption], key: str) -> list[RankedOption]:
    """The ranked options in another order; ranks stay as the score gave them."""
    if key == "score":
        return list(ranked)
    orders = {
        "pay": lambda item: -total_pay(item.option),
        "net": lambda item: (item.option.net_result is None,
                             -(item.option.net_result or 0)),
        "length": lambda item: item.option.weeks,
        "name": lambda item: item.option.title.casefold(),
    }
    if key not in orders:
        raise InputError(f"Unknown sort order '{key}'.")
    return sorted(ranked, key=orders[key])  # stable: ties stay in rank order


def explain(ranked: list[RankedOption], weights: dict[str, int]) -> list[str]:
    """The ranking in words: what drove the top option and how close the runner-up is."""
    if not ranked:
        return ["No options to rank yet. Add an option, or start from the example list."]
    if best_possible(weights) == 0:
        return ["Every weight is 0, so no criterion counts and every option ties. "
                "Give at least one criterion a weight above 0."]
    top = ranked[0]
    top_parts = contributions(top.option, weights)
    biggest = sorted((key for key in CRITERION_KEYS if top_parts[key] > 0),
                     key=lambda key: -top_parts[key])[:3]
    drivers = in_words([f"{CRITERION_LABELS[key]} (weight {weights[key]} × rating "
                     f"{top.option.ratings[key]})" for key in biggest])
    if len(ranked) == 1:
        return [f"{top.option.title} scores {top.points} of {best_possible(weights)} points "
                f"({top.percent}% of the best possible).",
                f"Most of its score comes from {drivers}.",
                "Add another option to compare."]
    second = ranked[1]
    differences = {key: weights[key] * (top.option.ratings[key] - second.option.ratings[key])
                   for key in CRITERION_KEYS}
    ahead = sorted((key for key in CRITERION_KEYS if differences[key] > 0),
                   key=lambda key: -differences[key])[:3]
    behind = sorted((key for key in CRITERION_KEYS if differences[key] < 0),
                    key=lambda key: differences[key])[:2]

    def versus(keys, first=top.option, other=second.option):
        return in_words([f"{CRITERION_LABELS[key]} (weight {weights[key]}: rated "
                      f"{first.ratings[key]} vs {other.ratings[key]})" for key in keys])

    if top.points == second.points:
        tied = [item.option.title for item in ranked if item.points == top.points]
        sentences = [f"{in_words(tied)} tie for first place with {top.points} points "
                     f"({top.percent}% of the best possible)."]
        if ahead or behind:
            sentences.append(f"{top.option.title} is stronger on {versus(ahead)}; "
                             f"{second.option.title} is stronger on "
                             f"{versus(behind, second.option, top.option)}. Decide which "
                             "matters more to you, or look at pay and net result.")
        else:
            sentences.append("They have the same ratings: pay, net result, or a conversation "
                             "with past interns may decide between them.")
        return sentences
    gap = top.points - second.points
    gap_percent = top.percent - second.percent
    if gap_percent <= VERY_CLOSE:
        closeness = ("That is very close: a small change in one rating or weight could swap "
                     "them, so check the ratings you are least sure of.")
    elif gap_percent <= CLOSE:
        closeness = "That is close: worth a second look before you decide."
    else:
        closeness = "That is a clear lead."
    sentences = [
        f"{top.option.title} ranks first with {top.points} of {best_possible(weights)} points "
        f"({top.percent}% of the best possible). Most of its score comes from {drivers}.",
        f"The runner-up, {second.option.title}, is {counted(gap, 'point')} behind ({gap_percent} "
        f"percentage points). {closeness}",
    ]
    if ahead:
        sentences.append(f"What put {top.option.title} ahead: {versus(ahead)}.")
    if behind:
        sentences.append(f"{second.option.title} is stronger on "
                         f"{versus(behind, second.option, top.option)}.")
    return sentences


def breakdown_table(ranked: list[RankedOption], weights: dict[str, int]
                    ) -> tuple[list[str], list[list[str]]]:
    """The matrix itself: one row per criterion, one column per option, 'rating → points'."""
    headers = ["Criterion (weight)", *(f"{item.rank}. {item.option.title}" for item in ranked)]
    rows = [[f"{label} ({weights[key]})",
             *(f"{item.option.ratings[key]} → {weights[key] * item.option.ratings[key]}"
               for item in ranked)]
            for key, label in CRITERIA]
    rows.append(["Total", *(f"{item.points} ({item.percent}%)" for item in ranked)])
    return headers, rows


def option_row(item: RankedOption, currency: str = DEFAULT_CURRENCY) -> list[str]:
    """One row of the ranking table, as text (the table escapes it)."""
    option = item.option
    where = "Remote" if option.remote and option.location.casefold() in ("", "remote") else (
        f"{option.location} (remote)" if option.remote else option.location or "—")
    net = "—" if option.net_result is None else format_money(option.net_result, currency)
    return [
        f"{item.rank}. {option.title}",
        f"{item.points} ({item.percent}%)",
        where,
        pay_text(option.pay_kind, option.hourly_pay, option.stipend, currency),
        f"{counted(option.weeks, 'week')} × {decimal_text(option.hours_per_week)} h",
        format_money(total_pay(option), currency),
        net,
    ]


def chart_items(ranked: list[RankedOption]) -> list[tuple[str, float]]:
    """(label, % of the best possible) per option, labelled by rank and organisation."""
    return [(f"{item.rank}. {item.option.organisation}", float(item.percent)) for item in ranked]


# The option with its rank first, its score beside it: on a phone the table scrolls in its
# box with its first column kept in view, and the rest of it is out of sight at first.
TABLE_HEADERS = ["Rank and option", "Score", "Where", "Pay", "Length", "Total pay", "Net result"]


# --- the shortlist -------------------------------------------------------------------------
def new_option(option_id: str, taken_titles) -> InternshipOption:
    number = 1
    while f"New option {number}" in taken_titles:
        number += 1
    return InternshipOption(id=option_id, organisation=f"New option {number}")


def row_rule_problems(row: dict) -> list[tuple[str, str]]:
    """The data file's rules across a row's pay columns (``TABLES`` applies them), as a
    participant's own option is read: the pay of its kind is given, no other pay is."""
    problems = []
    for kind, column in PAY_FIELD_OF_KIND.items():
        if row["pay_kind"] == kind and not row[column]:
            problems.append((column, f"is empty but pay_kind is '{kind}': fill it in, or use "
                                     "pay_kind 'unpaid' for an internship that pays nothing"))
        elif row["pay_kind"] != kind and row[column]:
            problems.append((column, f"is {row[column]} but pay_kind is '{row['pay_kind']}', "
                                     "which does not count it: leave it empty, or change pay_kind"))
    return problems


def options_from_examples(rows: list[dict], existing: list[InternshipOption], make_id
                          ) -> tuple[list[InternshipOption], int]:
    """Options built from data/internships.csv rows, skipping any already on the list.

    Returns (new options, how many were skipped). Money is rated 3 (neutral) because the
    example file has no money rating: the participant rates it.
    """
    taken = {(option.organisation.casefold(), option.role.casefold()) for option in existing}
    ids = {option.id for option in existing}
    added, skipped = [], 0
    for row in rows:
        if (row["organisation"].casefold(), row["role"].casefold()) in taken:
            skipped += 1
            continue
        option_id = make_id(ids)
        ids.add(option_id)
        ratings = {key: row.get(key, NEUTRAL_RATING) or NEUTRAL_RATING for key in CRITERION_KEYS}
        added.append(InternshipOption(
            id=option_id, organisation=row["organisation"], role=row["role"],
            location=row["location"], remote=row["remote"] == "yes", pay_kind=row["pay_kind"],
            hourly_pay=to_money(row["hourly_pay"] or 0), stipend=to_money(row["stipend"] or 0),
            weeks=row["weeks"], hours_per_week=Decimal(row["hours_per_week"]),
            ratings=ratings, notes=row["notes"] or "", example=True))
    return added, skipped


def options_in(section: dict) -> list[InternshipOption]:
    return [option_from_dict(item, section["currency"]) for item in section["options"]]


def section_from(options: list[InternshipOption], weights: dict[str, int], source: str,
                 currency: str = DEFAULT_CURRENCY) -> dict:
    return {"options": [option.to_dict() for option in options],
            "weights": {key: weights[key] for key in CRITERION_KEYS},
            "weights_from": source, "currency": currency}


def with_option(options: list[InternshipOption], changed: InternshipOption
                ) -> list[InternshipOption]:
    return [changed if option.id == changed.id else option for option in options]


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The shortlist")
    currency = choice(section["currency"], list(CURRENCIES), what="The shortlist's currency")
    options = items_with_unique_ids(
        section["options"], lambda item, _number: option_from_dict(item, currency),
        what="The shortlist", items_are="options on the shortlist", max_items=MAX_OPTIONS,
        id_of=attrgetter("id"))
    source = choice(section["weights_from"], WEIGHT_SOURCES, what="Where the weights come from")
    weights = mapping(section["weights"], {key: None for key in CRITERION_KEYS},
                      what="The weights")
    checked = {key: _weight(key, value) for key, value in weights.items() if value is not None}
    if checked and len(checked) != len(CRITERION_KEYS):
        raise InputError("The weights must cover every criterion, or be left out.")
    return {"options": [option.to_dict() for option in options], "weights": checked,
            "weights_from": source, "currency": currency}


# The other plan sections ``summarise`` is given after its own (lesson 07): the ranking
# there must be the one lesson 04 shows, whose weights follow lesson 01 as it is now.
SUMMARY_READS = ("priorities",)


def scenarios_to_copy(cost_scenarios: dict, currency: str) -> list[tuple[str, str]]:
    """(label, id) of each lesson 02 scenario an option can take its pay, length and net
    result from: only those in the shortlist's currency, since the kit never converts."""
    if cost_scenarios["currency"] != currency:
        return []
    return [(f"{scenario.name}: net result {format_money(calculate(scenario).net, currency)}",
             scenario.id) for scenario in scenarios_in(cost_scenarios)]


COPIED_FROM_A_SCENARIO = ("pay_kind", "hourly_pay", "stipend", "weeks", "hours_per_week")


def copied_entries(cost_scenarios: dict, scenario_id: str) -> dict[str, str]:
    """An option editor's entries for the pay, length and net result of a lesson 02
    scenario (a net result alone, beside the option's own pay of 0.00, contradicted it);
    empty if there is no such scenario any more."""
    scenario = next((scenario for scenario in scenarios_in(cost_scenarios)
                     if scenario.id == scenario_id), None)
    if scenario is None:
        return {}
    texts = scenario_texts(scenario)
    return {**{name: texts[name] for name in COPIED_FROM_A_SCENARIO},
            "net_result": f"{calculate(scenario).net:.2f}"}


def summarise(section: dict, priorities: dict | None = None) -> list[str]:
    """Plain sentences for the plan summary (lesson 07), amounts in the currency they
    were saved in. Without the plan's 'priorities' section, the ranking is the one lesson
    04 last saved."""
    currency = section["currency"]
    options = options_in(section)
    if not options:
        return []
    weights, source = effective_weights(section, priorities)
    ranked = rank_options(options, weights)
    where = {"own": "your own weights", "priorities": "weights from your lesson 01 priorities",
             "equal": "equal weights"}[source]
    count = len(options)
    sentences = [f"Your shortlist has {counted(count, 'option')}, ranked with "
                 f"{where}.", *explain(ranked, weights)[:2]]
    # Every option with what was entered for it (the take-home plan is printed from this).
    for item in ranked:
        ranked_title, _points, place, pay, length, total, net = option_row(item, currency)
        net = "" if item.option.net_result is None else f"; net result {net}"
        line = (f"{ranked_title} (score {item.percent}%): {place}; {pay}; {length}; "
                f"total pay {total}{net}.")
        sentences.append(f"{line} Your notes: {item.option.notes}" if item.option.notes else line)
    note = examples_note(options, currency)
    return [*sentences, note] if note else sentences


def examples_note(options: list[InternshipOption], currency: str) -> str | None:
    """A warning while options from the example list (US internships, paid in US dollars)
    are shown in another currency; None otherwise."""
    if currency == US_FIGURES_CURRENCY or not any(option.example for option in options):
        return None
    return ("The example options are US internships, paid in US dollars: shown in "
            f"{currency} their pay is not a real amount. Put in figures for where you live, "
            "or rank your own options.")


def gaps(section: dict) -> list[str]:
    count = len(section["options"])
    if count == 0:
        return ["No internships on your shortlist yet (lesson 04)."]
    if count == 1:
        return ["Only one internship on your shortlist: add another to compare (lesson 04)."]
    return []
