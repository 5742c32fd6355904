"""Lesson 07 views: the whole plan in one readable view with its gaps, the files to take
home (printable HTML, Markdown, plan JSON, calendar), and the FAQ."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

import ipywidgets as ipw

from widgets import ui
from widgets.data import DataError
from widgets.download import DownloadButton
from widgets.markup import escape, table
from widgets.my_plan import model
from widgets.my_plan.editor import breakable, breakable_cell
from widgets.my_plan.model import FILENAMES, MIME_TYPES
from widgets.plan import SECTION_OWNERS

EXPORT_LABELS = {
    "html": "Printable plan (HTML)",
    "markdown": "Plan as Markdown",
    "json": "Plan data (JSON)",
    "ics": "Calendar of my dates (.ics)",
}


class _PlanView(ui.ToolView):
    """A view of the whole plan: redrawn when any section is saved or the plan replaced."""

    def __init__(self, session=None, today: date | None = None):
        super().__init__(session)
        self._fixed_today = today
        self.session.on_change(self._on_section_saved)

    def today(self) -> date:
        return self._fixed_today or self.session.today()

    def _on_section_saved(self, _name: str) -> None:
        self._refresh_from_plan()


class PlanSummary(_PlanView):
    def __init__(self, session=None, today: date | None = None):
        super().__init__(session, today)
        # One piece per part of the plan: a change sends the page only the parts it
        # changed (the whole summary of a full plan is megabytes).
        self.content = ui.column()
        self.widget = ui.panel(
            "Everything in your plan",
            [self.content],
            intro="What you entered in every lesson, with what is still missing. Change "
                  "anything in its lesson; this view follows.",
        )
        self._refresh_from_plan()

    def show_plan(self) -> None:
        if not self.session.ready:
            # Every piece the plan needs is made now, empty: a preheated kernel makes them
            # before the visitor comes, and the restore only fills them in (made then,
            # eleven new widgets went to the page while it was opening).
            self._show([ui.message_html("info", "Restoring your plan from this browser…"),
                        *[""] * (1 + len(SECTION_OWNERS))])
            return
        plan, today = self.session.plan, self.today()
        summaries = model.overview(plan)
        # The title apart: it follows the name, and the dates can be a long table. The
        # parts below are its sub-headings, so a screen reader's outline nests them.
        title = f"<h4>{escape(model.plan_title(plan))}</h4>"
        html = ["<h5>Still to do</h5>"]
        gaps = model.all_gaps(summaries)
        if gaps:
            html.append("<ul>" + "".join(f"<li>☐ To do: {escape(gap)}</li>" for gap in gaps)
                        + "</ul>")
        else:
            html.append(ui.message_html("ok", model.NOTHING_MISSING))
        html.append("<h5>Dates</h5>")
        rows = model.dates_rows(plan, today)
        if rows:
            html.append(table(["Date", "When", "What"],
                              [[day, when, breakable_cell(what)] for day, when, what in rows],
                              caption=f"Deadlines, next actions and goal dates (today is "
                                      f"{today.isoformat()})",
                              row_classes=["" if when == model.LATER else "ck-row-alert"
                                           for _day, when, _what in rows]))
        else:
            html.append(ui.message_html("info", model.NO_DATES_YET))
        parts = [title, "".join(html)]
        for summary in summaries:
            lesson = f" (lesson {escape(summary.lesson)})" if summary.lesson else ""
            part = f"<h5>{escape(summary.title)}{lesson}</h5>"
            if summary.problem:
                part += ui.message_html("warning", summary.problem)
            elif summary.lines:
                part += breakable("<ul>" + "".join(f"<li>{escape(line)}</li>"
                                                   for line in summary.lines) + "</ul>")
            else:
                part += f'<p class="ck-intro">{model.NOTHING_ENTERED}</p>'
            parts.append(part)
        self._show(parts)

    def _show(self, parts: list[str]) -> None:
        """Each part in its own piece of the page; one left as it was is not sent again."""
        pieces = list(self.content.children)
        if len(pieces) != len(parts):
            for piece in pieces:
                ui.close_all(piece)
            pieces = [ui.text() for _ in parts]
            self.content.children = pieces
        for piece, part in zip(pieces, parts, strict=True):
            piece.value = part


class PlanExports(_PlanView):
    def __init__(self, session=None, now: datetime | None = None):
        self._fixed_now = now
        super().__init__(session)
        self.buttons = {kind: DownloadButton(partial(self._file, kind), label=EXPORT_LABELS[kind],
                                             filename=FILENAMES[kind], mime=MIME_TYPES[kind],
                                             layout=ui.plain_layout())
                        for kind in FILENAMES}
        self.calendar_note = ui.Message()
        self.widget = ui.panel(
            "Take your plan home",
            [ui.row(list(self.buttons.values())),
             self.calendar_note,
             ui.text('<ul class="ck-intro">'
                     "<li><strong>Printable plan</strong>: open it in your browser and print it, "
                     "or choose “Save as PDF” in the print dialog.</li>"
                     "<li><strong>Markdown</strong>: plain text for notes apps and "
                     "repositories.</li>"
                     "<li><strong>Plan data</strong>: the file “Load a plan” accepts, to "
                     "continue on another computer.</li>"
                     "<li><strong>Calendar</strong>: import it into your calendar app for "
                     "deadlines, next actions and goal milestones, each with a reminder at "
                     "9:00 the day before.</li></ul>")],
            intro="Download the files you want to keep. They are made in your browser from "
                  "your plan; nothing is sent anywhere.",
        )
        self._refresh_from_plan()

    def now(self) -> datetime:
        return self._fixed_now or self.session.now()

    def today(self) -> date:
        return self.now().date()

    def _file(self, kind: str) -> str:
        """The file as the plan stands when its button is pressed."""
        return model.export(kind, self.session.plan, self.now()) or ""

    def show_plan(self) -> None:
        has_dates = bool(model.dated_items(self.session.plan, self.today()))
        for kind, button in self.buttons.items():
            button.disabled = not self.session.ready or (kind == "ics" and not has_dates)
        if not has_dates:
            self.calendar_note.show("info", "The calendar is empty for now: add a deadline or "
                                    "next action (lesson 05) or a goal date (lesson 06).")
        else:
            self.calendar_note.clear()


def faq_panel() -> ipw.VBox:
    """The workshop's frequently asked questions, each answer with its sources."""
    try:
        items = model.faq()
    except DataError as error:
        return ui.panel("Frequently asked questions",
                        [ui.text(ui.data_problem_html(error.problems, "The answers"))])
    blocks = []
    for item in items:
        source_html = ""
        if item.sources:
            source_html = ('<p class="ck-source">Sources:</p><ul class="ck-source">'
                           + "".join(f"<li>{escape(source)}</li>" for source in item.sources)
                           + "</ul>")
        blocks.append(f"<h4>{escape(item.question)}</h4><p>{escape(item.answer)}</p>{source_html}")
    return ui.panel("Frequently asked questions", [ui.text("".join(blocks))])
