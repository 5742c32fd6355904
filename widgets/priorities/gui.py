"""Priorities self-assessment: rate each benefit of an internship, see a ranked profile."""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.charts import bar_chart
from widgets.markup import escape, paragraphs
from widgets.priorities.model import (
    BENEFIT_HELP,
    BENEFITS,
    MAX_RATING,
    MIN_RATING,
    RATING_WORDS,
    chart_items,
    profile_sentences,
    ranked_profile,
    tips,
    unrated,
)

SECTION = "priorities"
NOT_RATED = ""
RATING_OPTIONS = [("Not rated yet", NOT_RATED),
                  *((f"{value} – {RATING_WORDS[value]}", value)
                    for value in range(MIN_RATING, MAX_RATING + 1))]


class PrioritiesTool(ui.ToolView):
    shows = frozenset({SECTION})

    def __init__(self, session=None):
        super().__init__(session)
        self.ratings: dict[str, ipw.Dropdown] = {}
        self.help: dict[str, ipw.HTML] = {}
        parts = []
        for key, label in BENEFITS:
            control = ui.choice_input(label, RATING_OPTIONS, value=NOT_RATED)
            self.ratings[key] = self.track(control, f"priorities.{key}")
            self.help[key] = ui.text(f'<p class="ck-intro">{escape(BENEFIT_HELP[key])}</p>')
            parts.extend([control, self.help[key]])
        self.result = ui.Message()
        self.profile = ui.text()
        self.widget = ui.panel(
            "What matters to you in an internship?",
            [*parts, self.result, self.profile],
            intro=f"Rate each benefit from {MIN_RATING} (does not matter to me) to {MAX_RATING} "
                  "(essential). There are no right answers: your ratings become the starting "
                  "weights when you compare internships in lesson 04.",
        )
        self.profile.add_class("ck-priorities-profile")
        for control in self.ratings.values():
            control.observe(self._on_change, "value")
        self._refresh_from_plan()

    def show_plan(self) -> None:
        section = self.session.section(SECTION)
        for key, control in self.ratings.items():
            ui.select(control, section["ratings"].get(key, NOT_RATED))
        self._show_profile(section)

    def _on_change(self, _change=None) -> None:
        if self._quiet:
            return
        data = {"ratings": {key: control.value for key, control in self.ratings.items()
                            if control.value != NOT_RATED}}
        if self.save(SECTION, data, self.result):
            self._show_profile(self.session.section(SECTION))

    def _show_profile(self, section: dict) -> None:
        ranked = ranked_profile(section)
        if not ranked:
            self.profile.value = f'<div class="ck-intro">{paragraphs(profile_sentences(section))}</div>'
            return
        items = "".join(f"<li>{escape(item.place)}. {escape(item.label)}: {item.rating} of "
                        f"{MAX_RATING} ({escape(item.words)})</li>" for item in ranked)
        chart = bar_chart(chart_items(section), title="How much each benefit matters to you",
                          value_label=f"Rating (0 to {MAX_RATING})", maximum=MAX_RATING,
                          format_value=lambda value: f"{value:.0f} of {MAX_RATING}")
        advice = "".join(f"<li><strong>{escape(label)}:</strong> {escape(tip)}</li>"
                         for label, tip in tips(section))
        advice_html = (f"<h4>What to look for, given your top priorities</h4><ul>{advice}</ul>"
                       if advice else "")
        # The top and bottom lines are read out after each rating, as the list changes;
        # the benefits not rated yet (up to eight names) only shown.
        said = profile_sentences(section)
        shown = [said.pop()] if unrated(section) else []
        self.profile.value = (
            f'<h4>Your ranked profile</h4><div role="status">{paragraphs(said)}</div>'
            f'{paragraphs(shown)}<ul class="ck-ranking">{items}</ul>{chart.to_html()}{advice_html}'
        )
