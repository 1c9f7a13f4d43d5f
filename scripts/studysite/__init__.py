"""mkdocs-macros entry point: thin glue between MkDocs and the plain functions.

Loaded by mkdocs.yml (`module_name: scripts/studysite`). Only pages that opt in
with `render_macros: true` in their front matter are rendered as templates, so
code samples on topic pages never meet Jinja.
"""

from __future__ import annotations

from pathlib import Path

from . import mock, render
from .plan import PlanError
from .questions import QuestionFormatError
from .site import load_site


def define_env(env):
    from mkdocs.exceptions import Abort  # here, so the package imports without MkDocs

    try:
        site = load_site(Path(env.project_dir), Path(env.conf["docs_dir"]))
    except (PlanError, QuestionFormatError) as error:
        # An authoring mistake, not a bug: MkDocs prints an Abort as its last line, with
        # no traceback, for `mkdocs build` and `mkdocs serve` (and a serve rebuild) alike.
        raise Abort(f"Error: {error}") from None

    def current_page() -> str:
        return env.page.file.src_uri

    env.variables["question_count"] = site.question_count
    env.variables["week_count"] = len(site.plan.weeks)
    env.variables["routine_summary"] = render.routine_summary(site)

    @env.macro
    def study_plan_table() -> str:
        return render.study_plan_table(site, current_page())

    @env.macro
    def routine_table() -> str:
        return render.routine_table(site)

    @env.macro
    def plan_summary() -> str:
        return render.plan_summary(site, current_page())

    @env.macro
    def week_header(number: int) -> str:
        # Week pages have no front matter of their own: their description comes from the plan.
        env.page.meta.setdefault("description", render.week_description(site, number))
        return render.week_header(site, number, current_page())

    @env.macro
    def overall_progress() -> str:
        return render.overall_progress(site)

    @env.macro
    def question_index() -> str:
        return render.question_index(site)

    @env.macro
    def deck_table() -> str:
        return render.deck_table(site, current_page())

    @env.macro
    def key_questions_sheet(number: int) -> str:
        return render.key_questions_sheet(site, number, current_page())

    @env.macro
    def routine_today() -> str:
        return render.routine_today(site, current_page())

    @env.macro
    def offline_control() -> str:
        return render.offline_control()

    @env.macro
    def mock_interview() -> str:
        return mock.mock_page(site.rounds, site.pages, render.url_path)

    @env.macro
    def mock_rubrics() -> str:
        return mock.rubric_tables(site.rounds)
