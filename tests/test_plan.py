"""The plan document: validation, refusal of bad or newer documents, migration."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

import widgets.plan
from widgets.plan import (
    SCHEMA_VERSION,
    SECTION_OWNERS,
    PlanDocument,
    PlanError,
    file_age_words,
    plan_from_dict,
    plan_from_json,
    read_plan_json,
)


def test_new_plan_has_every_section_and_round_trips():
    plan = PlanDocument()
    assert set(plan.sections) == set(SECTION_OWNERS)
    again = plan_from_json(plan.to_json())
    assert again.to_dict() == plan.to_dict()


def test_with_section_validates_and_leaves_the_original_untouched():
    plan = PlanDocument()
    changed = plan.with_section("profile", {**plan.section("profile"), "name": "Sam"})
    assert changed.section("profile")["name"] == "Sam"
    assert plan.section("profile")["name"] == ""
    with pytest.raises(PlanError, match="Field of interest"):
        plan.with_section("profile", {**plan.section("profile"), "field": "astrology"})


def test_section_copy_cannot_change_the_plan():
    plan = PlanDocument()
    copy = plan.section("profile")
    copy["name"] = "changed"
    assert plan.section("profile")["name"] == ""


def test_nested_section_copy_cannot_change_the_plan():
    plan = PlanDocument()
    option = {"id": "opt-1", "organisation": "Acme", "weeks": 10, "hours_per_week": "40",
              "ratings": {"network": 4}}
    plan = plan.with_section("shortlist", {**plan.section("shortlist"), "options": [option]})
    copy = plan.section("shortlist")
    copy["options"][0]["ratings"]["network"] = 1
    copy["options"].append({})
    assert plan.section("shortlist")["options"][0]["ratings"]["network"] == 4
    assert len(plan.section("shortlist")["options"]) == 1
    assert plan.to_dict()["sections"] is not plan.sections


def test_newer_schema_version_is_refused_with_a_clear_message():
    document = PlanDocument().to_dict()
    document["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(PlanError, match="newer version of the kit"):
        plan_from_dict(document)


@pytest.mark.parametrize("text, message", [
    ("{not json", "not readable JSON"),
    ("[1, 2]", "no JSON object"),
    ('{"schema_version": "two"}', "no valid schema_version"),
    ('{"schema": "somebody-else", "schema_version": 2}', "not a career workshop plan"),
    ('{"schema_version": 2}', "no 'sections'"),
    ('{"schema_version": 2, "sections": {"horoscope": {}}}', "does not know: horoscope"),
    ('{"schema_version": 2, "sections": {"profile": "Sam"}}', "Profile: The profile must be an object"),
    ("", "empty: it holds no plan"),
    ("  \n", "empty: it holds no plan"),
    # Beyond Python's own limits: json raises RecursionError and ValueError, not JSONDecodeError.
    ("[" * 200_000 + "]" * 200_000, "nesting far beyond"),
    ('{"schema_version": ' + "9" * 5000 + "}", "a number or a nesting"),
    ('{"schema_version": 2, "sections": {"profile": {"name": ' + "1" * 5000 + "}}}",
     "a number or a nesting"),
])
def test_malformed_documents_are_refused(text, message):
    with pytest.raises(PlanError, match=message):
        plan_from_json(text)


def test_binary_and_huge_files_are_refused():
    with pytest.raises(PlanError, match="not text"):
        plan_from_json(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanError, match="too large"):
        plan_from_json(b" " * (widgets.plan.MAX_DOCUMENT_BYTES + 1))


def test_a_plan_saved_again_with_a_byte_order_mark_is_read():
    """Windows Notepad writes one at the start of a file it saves as UTF-8."""
    plan = PlanDocument().with_section("profile", {**PlanDocument().section("profile"),
                                                   "name": "Zoë"})
    assert plan_from_json(b"\xef\xbb\xbf" + plan.to_json().encode()).to_dict() == plan.to_dict()
    assert plan_from_json("\ufeff" + plan.to_json()).to_dict() == plan.to_dict()


def test_a_file_cut_in_the_middle_of_an_emoji_is_read_with_a_replacement_character():
    """JSON can hold half of a character; it failed later, as Python cannot write it."""
    plan, left_out = read_plan_json(
        '{"schema_version": 2, "sections": {"profile": {"name": "Sam \\ud83d"},'
        ' "x\\ude00": {}}}')
    assert plan.section("profile")["name"] == "Sam \ufffd"
    assert left_out == ["Parts this kit does not know: x\ufffd."]
    assert "Sam \ufffd" in plan.to_json()


def test_a_change_that_would_make_the_plan_too_large_to_load_is_refused(monkeypatch):
    """What the kit saves it can load again (a helper filling the journal with long
    entries in Japanese downloaded a plan the kit then refused to load). With a smaller
    limit, so that a few entries reach it."""
    monkeypatch.setattr(widgets.plan, "MAX_DOCUMENT_BYTES", 50_000)
    plan = PlanDocument()
    entry = {"id": "", "date": "2026-12-01", "did": "東" * 1000, "learned": "京" * 1000,
             "feedback": "語" * 1000}
    entries = []
    with pytest.raises(PlanError, match="Not saved: your plan would be larger than"):
        for number in range(1, 301):
            entries.append({**entry, "id": f"entry-{number}"})
            plan = plan.with_section("journal", {"entries": entries})
    assert len(entries) == 6
    saved = plan.to_json().encode()
    assert 40_000 < len(saved) <= 50_000
    assert plan_from_json(saved).to_dict() == plan.to_dict()
    with pytest.raises(PlanError, match="too large"):
        plan_from_json(saved + b" " * 10_000)


def test_a_partly_readable_plan_gives_its_readable_sections_and_says_what_was_left_out():
    document = PlanDocument().to_dict()
    document["sections"]["profile"]["name"] = "Ana"
    document["sections"]["cost_scenarios"] = {"scenarios": "lots"}
    document["sections"]["notes_v3"] = {}
    plan, left_out = read_plan_json(json.dumps(document))
    assert plan.section("profile")["name"] == "Ana"
    assert plan.section("cost_scenarios") == PlanDocument().section("cost_scenarios")
    assert len(left_out) == 2
    assert "notes_v3" in left_out[0]
    assert left_out[1].startswith("Internship costs:")
    with pytest.raises(PlanError, match="Internship costs"):
        plan_from_json(json.dumps(document))
    # One entry too long in a file costs its whole list: the question says so.
    document["sections"]["cost_scenarios"] = PlanDocument().section("cost_scenarios")
    document["sections"]["journal"] = {"entries": [
        {"id": f"e{n}", "date": f"2026-11-0{n}", "did": "x" * (2000 if n == 2 else 10)}
        for n in (1, 2, 3)]}
    plan, left_out = read_plan_json(json.dumps(document))
    assert left_out[1].endswith("For this, all of “Learning journal” is left out.")
    assert plan.section("journal")["entries"] == []


@pytest.mark.parametrize("times", [{"created": 12345, "updated": "yesterday"},
                                   {"created": "2026-10-01T09:00:00", "updated": None}, "now"])
def test_times_a_plan_file_does_not_give_as_times_become_now(times):
    document = {**PlanDocument().to_dict(), "meta": times}
    plan = plan_from_dict(document)
    for moment in (plan.created, plan.updated):
        assert abs(datetime.fromisoformat(moment) - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_sections_are_written_in_lesson_order():
    plan = plan_from_dict({"schema_version": 2, "sections": {"journal": {"entries": []},
                                                            "profile": PlanDocument().section("profile")}})
    assert list(json.loads(plan.to_json())["sections"]) == list(SECTION_OWNERS)


def test_version_1_plan_is_migrated():
    old = {"schema_version": 1, "profile": {"name": "Ana", "field": "data", "stage": "",
                                           "season": "", "currency": "EUR"}}
    plan = plan_from_dict(old)
    assert plan.section("profile")["name"] == "Ana"
    assert plan.section("profile")["currency"] == "EUR"
    assert plan.to_dict()["schema_version"] == SCHEMA_VERSION


TRICKY_TEXT = st.text(alphabet=st.sampled_from(list('ab é"\\/\n\t\u2028{}[],:') + ["\U0001f600"]),
                      min_size=1, max_size=60).filter(lambda text: text.strip())


@given(did=TRICKY_TEXT, name=TRICKY_TEXT)
def test_the_plan_file_is_the_whole_plan_as_json_indented_by_two_spaces(did, name):
    """The file text is made of each section's own text, kept from plan to plan for the
    sections a change did not touch: it must read as the whole plan written at once."""
    def written_at_once(plan):
        return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False)

    journal = PlanDocument().with_section("journal", {"entries": [
        {"id": "entry-1", "date": "2026-12-01", "did": did, "learned": "", "feedback": ""}]})
    named = journal.with_section("profile", {**journal.section("profile"), "name": name})
    for plan in (PlanDocument(), journal, named):
        assert plan.to_json() == written_at_once(plan)
    assert json.loads(named.to_json())["sections"]["journal"]["entries"][0]["did"] == did.strip()


def test_missing_sections_get_their_empty_value():
    plan = plan_from_json(json.dumps({"schema_version": 2, "sections": {}}))
    assert plan.is_empty()


def test_a_file_the_kit_would_write_larger_than_the_limit_is_refused(monkeypatch):
    """Written without indentation a plan takes less room than the kit's own file: loaded,
    it must still fit when the kit downloads it."""
    entries = [{"id": f"entry-{n}", "date": "2026-12-01", "did": "x" * 500, "learned": "",
                "feedback": ""} for n in range(1, 40)]
    plan = PlanDocument().with_section("journal", {"entries": entries})
    compact = json.dumps(plan.to_dict(), separators=(",", ":")).encode()
    monkeypatch.setattr(widgets.plan, "MAX_DOCUMENT_BYTES", len(compact) + 10)
    assert len(plan.to_json().encode()) > len(compact) + 10
    with pytest.raises(PlanError, match="too large"):
        plan_from_json(compact)


def test_in_jupyterlab_a_merge_with_another_lessons_saves_is_size_checked_too(tmp_path,
                                                                            monkeypatch):
    from widgets.session import PlanSession
    from widgets.storage import FilePlanStore

    path = tmp_path / "plan.json"
    this_lesson, other_lesson = PlanSession(FilePlanStore(path)), PlanSession(FilePlanStore(path))
    entry = {"id": "", "date": "2026-12-01", "did": "x" * 1000, "learned": "", "feedback": ""}
    other_lesson.update("journal", {"entries": [{**entry, "id": f"entry-{n}"}
                                                for n in range(1, 6)]})
    monkeypatch.setattr(widgets.plan, "MAX_DOCUMENT_BYTES", len(path.read_bytes()) + 20)
    profile = {**this_lesson.section("profile"), "name": "x" * 60}
    with pytest.raises(PlanError, match="Not saved: your plan would be larger"):
        this_lesson.update("profile", profile)
    assert json.loads(path.read_text())["sections"]["profile"]["name"] == ""


@pytest.mark.parametrize("here, in_file, words", [
    ("2026-12-06T10:15:42+00:00", "2026-12-06T10:15:07+00:00", ": the file is older"),
    ("2026-12-06T10:15:07+00:00", "2026-12-06T10:15:42+00:00", ": the file is newer"),
    ("2026-12-06T11:15:42+01:00", "2026-12-06T10:15:42+00:00", ""),  # the same moment
    ("2026-12-06T10:15:42+00:00", "yesterday", ""),
    ("2026-12-06T10:15:42+00:00", "2026-12-06T10:15:42", ""),  # no offset: cannot tell
])
def test_the_load_question_says_whether_the_file_is_older(here, in_file, words):
    """The question before a load gave both times to the minute, in UTC: within a minute
    (a download loaded straight back) it could not tell which plan was newer."""
    assert file_age_words(here, in_file) == words
