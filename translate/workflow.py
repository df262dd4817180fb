"""The whole job of ``translate run``: extract, update, machine-translate,
build, publish.

One library call for what a release manager runs every time the documents
change.  Each step is the library function of its own command
(:func:`~translate.catalog.extract_templates`,
:func:`~translate.catalog.update_catalogs`,
:func:`~translate.mt.machine_translate`,
:func:`~translate.build.build_documents`,
:func:`~translate.publish.publish_site`); this module only chains them, after
the checks that must stop the job before its first write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .build import BuildResult, build_documents
from .catalog import FileChange, confirm_catalogs, extract_templates, update_catalogs
from .glossary import project_glossary
from .mt import LanguageResult, machine_translate
from .publish import PublishResult, publish_site
from .state import RunState

if TYPE_CHECKING:
    from .project import Project

__all__ = ["WorkflowResult", "run_workflow"]

#: Called with (done, total) by one step.
Progress = Callable[[int, int], None]


@dataclass
class WorkflowResult:
    """What :func:`run_workflow` did, step by step.

    Attributes:
        extract: One change per template (``translate extract``).
        update: One change per catalog (``translate update``).
        mt: One result per language (``translate mt``).
        build: One result per language and document (``translate build``).
        publish: What ``translate publish`` did (None when it was not run:
            a job on some languages only leaves the site as it is).
    """

    extract: list[FileChange] = field(default_factory=list)
    update: list[FileChange] = field(default_factory=list)
    mt: list[LanguageResult] = field(default_factory=list)
    build: list[BuildResult] = field(default_factory=list)
    publish: PublishResult | None = None

    @property
    def missing(self) -> list[LanguageResult]:
        """The languages whose engine could not run (no model, no engine)."""
        return [result for result in self.mt if result.error]

    @property
    def skipped(self) -> list[BuildResult]:
        """The documents left unwritten, below the completeness threshold."""
        return [result for result in self.build if result.status == "skipped"]

    def to_dict(self) -> dict:
        """The result as ``translate run --format json`` prints it."""
        return {
            "extract": [change.to_dict() for change in self.extract],
            "update": [change.to_dict() for change in self.update],
            "mt": [result.to_dict() for result in self.mt],
            "build": [result.to_dict() for result in self.build],
            "publish": self.publish.to_dict() if self.publish is not None else None,
        }


def run_workflow(project: Project, languages: Iterable[str] | None = None,
                 engine: str | None = None, retranslate_machine: bool = False,
                 include_fuzzy: bool = False,
                 progress_for: Callable[[str], Progress | None] | None = None,
                 publish: bool = True) -> WorkflowResult:
    """Extract, update, machine-translate, build and publish every document.

    Works on every document of the project.  A language without a model for
    its engine still gets everything else (templates, catalogs, translation
    memory, build): its result in :attr:`WorkflowResult.mt` carries the
    error, with the command that installs one.

    What each step found is kept in ``build/.translate-state/``
    (:mod:`translate.state`): the next run redoes only what changed since,
    with the same result as doing everything.

    Args:
        project: The project.
        languages: The target languages (default: the project's).
        engine: Use this engine for every language, instead of the settings'
            ``engine`` and ``engines``.
        retranslate_machine: Also redo the fuzzy entries whose text is still
            exactly the machine translation this tool wrote (see
            :func:`~translate.mt.machine_translate`).
        include_fuzzy: Build with fuzzy entries too (a preview).
        progress_for: Called with each step's label (``Extracting``,
            ``Updating``, ``Translating``, ``Building``, ``Publishing``) as the
            step starts; returns the progress callback of that step, or None.
        publish: End with publishing the site (with every language of the
            settings: a job given some languages only passes False, so that
            the pages of the others stay online).

    Returns:
        What each step did.

    Raises:
        GlossaryError: The glossary is missing or malformed; nothing is written.
        PathOutsideProject: A path the job would read or write leads outside
            the project; nothing is written.
        TranslateError: What the steps raise (see each one).
    """
    langs = project.languages if languages is None else list(languages)
    phase = progress_for or (lambda label: None)
    # A missing or malformed glossary stops the run before extract writes.
    project_glossary(project)
    # So does a path leading outside the project, even one only build uses.
    project.check_paths(langs)
    # What the last run found: the steps redo only what changed since (see
    # translate.state); the engine asked for is part of its key.
    state = RunState(project, [f"engine={engine or ''}"])
    with project.cleaning_once():
        return _run_steps(project, state, langs, engine, retranslate_machine, include_fuzzy,
                          phase, publish)


def _run_steps(project: Project, state: RunState, langs: list[str], engine: str | None,
               retranslate_machine: bool, include_fuzzy: bool,
               phase: Callable[[str], Progress | None], publish: bool) -> WorkflowResult:
    result = WorkflowResult()
    result.extract = extract_templates(project, (), phase("Extracting"), state)
    result.update = update_catalogs(project, langs, (), phase("Updating"), state)
    result.mt = machine_translate(project, langs, (), engine, retranslate_machine,
                                  phase("Translating"), state=state)
    result.build = build_documents(project, langs, (), include_fuzzy, None, phase("Building"),
                                   state)
    drafted = {(r.language, display) for r in result.mt for display in r.files}
    if drafted:
        # So that the next run finds them up to date without merging them.
        confirm_catalogs(project, state, [
            (code, name) for name in project.templates() for code in langs
            if (code, project.relative(project.catalog_path(code, name))) in drafted])
    # A run on some languages keeps the records of the others.
    state.save(keep_old=set(langs) != set(project.languages))
    if publish:
        result.publish = publish_site(project, include_fuzzy, phase("Publishing"))
    return result
