"""Readiness checklist: the areas that get a student an internship, each answered with a
few yes / partly / no questions, scored per area, with next steps for the weakest areas.

Pure core logic. The plan's 'readiness' section holds only the answers, keyed by
question id, so a question's wording can improve without losing anyone's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.markup import in_sentence
from widgets.validation import InputError, choice, mapping

ANSWERS = ("yes", "partly", "no")
ANSWER_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No"}
POINTS = {"yes": 2, "partly": 1, "no": 0}
EMPTY_SECTION = {"answers": {}}
WEAKEST_COUNT = 2


@dataclass(frozen=True)
class Question:
    id: str
    label: str  # short, unique: the control's label
    text: str  # the full question
    next_step: str  # what to do when the answer is "no" or "partly"


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    why: str
    questions: tuple[Question, ...]


AREAS = (
    Area("academic", "Academic record",
         "Employers read grades and courses as evidence that you can learn what the job needs.",
         (
             Question("academic.grades", "Grades in key courses",
                      "Are your grades in the courses closest to the role where you want them?",
                      "Pick the one course closest to the role, book two study sessions a "
                      "week for it, and ask the teacher what strong work looks like."),
             Question("academic.courses", "Courses that match",
                      "Can you name two or three courses that taught skills the role asks for?",
                      "Read one internship posting, underline its skills, and list the "
                      "courses where you practised them under Education on your resume."),
             Question("academic.transcript", "Transcript ready",
                      "Could you send your transcript or grade average today if asked?",
                      "Find out how to get an (unofficial) transcript and save a copy "
                      "before the first deadline."),
         )),
    Area("projects", "Projects and portfolio",
         "A finished project shows what you can do better than any claim.",
         (
             Question("projects.finished", "A finished project",
                      "Have you finished at least one project (own, class or club) that uses "
                      "skills from the role?",
                      "Choose a small project you can finish in two to four weeks and "
                      "write down the date you will show it to someone."),
             Question("projects.visible", "Work others can see",
                      "Can a recruiter open your work (a portfolio page, a code repository, "
                      "a PDF of samples)?",
                      "Put your best project online with a short README or page: the "
                      "problem, what you did, the result."),
             Question("projects.explain", "Two-minute project story",
                      "Can you explain one project in two minutes: the problem, your part "
                      "and the result?",
                      "Write five sentences about your best project (problem, your part, "
                      "tools, result, what you learned) and say them aloud twice."),
         )),
    Area("resume", "Resume tailored to the role",
         "Recruiters skim; a resume that uses the posting's words gets read.",
         (
             Question("resume.current", "Up-to-date resume",
                      "Do you have a current one-page resume?",
                      "Write or update a one-page resume this week: education, projects, "
                      "experience, skills."),
             Question("resume.tailored", "Tailored to each role",
                      "Do you adapt it for each role, using the skills and words of the "
                      "posting?",
                      "For your next application, copy the posting's top five skills and "
                      "make sure each appears in your resume where it is true."),
             Question("resume.results", "Results, not duties",
                      "Do your bullet points show results (numbers, outcomes), not only "
                      "duties?",
                      "Rewrite three bullet points as 'did X, which led to Y' with a number "
                      "where you have one."),
             Question("resume.reviewed", "Reviewed by someone",
                      "Has someone else (career centre, mentor, friend) reviewed it?",
                      "Book a resume review at your career centre or ask a mentor for ten "
                      "minutes of feedback."),
         )),
    Area("cover_letter", "Cover letter",
         "A short, specific letter explains why you and why them.",
         (
             Question("cover.draft", "A draft to adapt",
                      "Do you have a cover letter draft you can adapt?",
                      "Write a three-paragraph draft: why this role, what you bring (one "
                      "example), and a polite close."),
             Question("cover.specific", "Specific to the employer",
                      "Does it name this organisation and role, with one concrete example "
                      "from your experience?",
                      "Add one sentence about what the organisation does that interests "
                      "you, and one example that matches the role."),
             Question("cover.proofread", "Proofread",
                      "Has it been proofread, by you aloud and by one other person?",
                      "Read your letter aloud once, then ask one person to check it "
                      "before you send it."),
         )),
    Area("networking", "Networking",
         "Many internships are found through people: fairs, meetups, alumni, teachers.",
         (
             Question("network.profile", "Professional profile",
                      "Is your professional profile (for example LinkedIn) current and "
                      "consistent with your resume?",
                      "Update your professional profile: headline, education, one project "
                      "with a link."),
             Question("network.contacts", "Talked to people in the field",
                      "Have you talked with at least two people who work in the field "
                      "(career fair, meetup, alumni, teacher)?",
                      "Ask one alum or professional for a 15-minute chat about their "
                      "work; prepare three questions."),
             Question("network.events", "An event planned",
                      "Is a career fair, meetup or information session in your calendar?",
                      "Find one career fair, meetup or info session in the next month and "
                      "put it in your calendar."),
             Question("network.follow_up", "Following up",
                      "Do you follow up after meeting someone (a short thank-you within "
                      "two days)?",
                      "After your next conversation, send a two-line thank-you that "
                      "mentions one thing you learned."),
         )),
    Area("interviews", "Interview preparation",
         "Interviews test how you solve problems and how you talk about your work.",
         (
             Question("interview.coding", "Practice challenges",
                      "Have you practised coding challenges (or the role's technical tasks) "
                      "regularly in the last month?",
                      "Practise three short challenges a week for a month, timing "
                      "yourself, and review one solution you could not finish."),
             Question("interview.thinking_aloud", "Thinking aloud",
                      "Can you talk through your thinking while you solve a problem?",
                      "Solve one problem while explaining each step aloud to a friend or a "
                      "recording, then listen back."),
             Question("interview.role_questions", "Role questions prepared",
                      "Have you prepared answers to common role and behavioural questions "
                      "('tell me about a time when...')?",
                      "Write short situation-action-result answers for five common "
                      "questions (teamwork, a mistake, a challenge, a success, why us)."),
             Question("interview.mock", "A mock interview",
                      "Have you done a mock interview with someone?",
                      "Book a mock interview with your career centre or swap one with a "
                      "classmate."),
         )),
)

QUESTIONS = {question.id: question for area in AREAS for question in area.questions}


@dataclass(frozen=True)
class AreaScore:
    area: Area
    answered: int
    points: int

    @property
    def total(self) -> int:
        return len(self.area.questions)

    @property
    def percent(self) -> int | None:
        """Points won out of the points possible on the answered questions (None if none),
        halves rounded up in whole numbers: Python's round() took 62.5 to 62 and 37.5 to 38."""
        if not self.answered:
            return None
        return (100 * self.points + self.answered) // (2 * self.answered)


def validate_section(data) -> dict:
    section = mapping(data, EMPTY_SECTION, what="The readiness checklist")
    answers = section["answers"]
    if not isinstance(answers, dict):
        raise InputError("The readiness answers must be an object.")
    unknown = sorted(str(key) for key in answers if key not in QUESTIONS)
    if unknown:
        raise InputError(f"The readiness checklist has unknown questions: {', '.join(unknown)}.")
    for answer in answers.values():
        choice(answer, ANSWERS, what="A readiness answer")
    # Keep questions in checklist order so equal answers make equal sections.
    section["answers"] = {qid: answers[qid] for qid in QUESTIONS if qid in answers}
    return section


def with_answer(section: dict, question_id: str, answer: str) -> dict:
    """A copy of the section with one answer set ('' removes it)."""
    if question_id not in QUESTIONS:
        raise InputError(f"There is no readiness question '{question_id}'.")
    answers = dict(section["answers"])
    if answer:
        answers[question_id] = choice(answer, ANSWERS, what="A readiness answer")
    else:
        answers.pop(question_id, None)
    return validate_section({"answers": answers})


def area_scores(section: dict) -> list[AreaScore]:
    answers = section["answers"]
    scores = []
    for area in AREAS:
        given = [answers[q.id] for q in area.questions if q.id in answers]
        scores.append(AreaScore(area, len(given), sum(POINTS[a] for a in given)))
    return scores


def weakest_areas(section: dict, count: int = WEAKEST_COUNT) -> list[AreaScore]:
    """The lowest-scoring answered areas below 100%, lowest first (ties in checklist order)."""
    scored = [s for s in area_scores(section) if s.percent is not None and s.percent < 100]
    return sorted(scored, key=lambda s: s.percent)[:count]


def next_steps(section: dict, count: int = WEAKEST_COUNT) -> list[tuple[Area, list[str]]]:
    """For each weakest area, the steps for its 'no' answers first, then its 'partly' ones."""
    answers = section["answers"]
    plan = []
    for score in weakest_areas(section, count):
        questions = score.area.questions
        steps = [q.next_step for q in questions if answers.get(q.id) == "no"]
        steps += [q.next_step for q in questions if answers.get(q.id) == "partly"]
        plan.append((score.area, steps))
    return plan


def unanswered_areas(section: dict) -> list[Area]:
    return [s.area for s in area_scores(section) if s.answered == 0]


def chart_items(section: dict) -> list[tuple[str, float]]:
    """(area title, percent) for every area with at least one answer."""
    return [(s.area.title, s.percent) for s in area_scores(section) if s.percent is not None]


def summarise(section: dict) -> list[str]:
    answers = section["answers"]
    if not answers:
        return []
    lines = [f"Readiness checklist: {len(answers)} of {len(QUESTIONS)} questions answered."]
    for score in area_scores(section):
        if score.percent is None:
            continue
        given = [f"{in_sentence(q.label)} {answers[q.id]}" for q in score.area.questions
                 if q.id in answers]
        lines.append(f"{score.area.title}: {score.percent}% ({', '.join(given)}).")
    for area, steps in next_steps(section):
        if steps:
            lines.append(f"Next steps for {in_sentence(area.title)}: " + " ".join(steps))
    return lines


def gaps(section: dict) -> list[str]:
    answers = section["answers"]
    if not answers:
        return ["The readiness checklist is not started yet (lesson 05)."]
    missing = len(QUESTIONS) - len(answers)
    if missing:
        return [f"{missing} readiness question{'s are' if missing != 1 else ' is'} not "
                "answered yet (lesson 05)."]
    return []
