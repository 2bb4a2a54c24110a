"""Prompt files: strict TOML data, validated on load, each with a content-hash id.

A prompt file names its ``task`` (extract or summarize) and ``strategy``; the strategy fixes
which steps it must template and which variables each step may use. Unknown keys, unknown
or missing steps, unknown variables and few-shot examples whose answers are not in their
own text are all errors naming the file (the llm ``templates.py`` and langextract
``prompt_validation.py`` rules).
"""

from __future__ import annotations

import hashlib
import json
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from factsum import observe
from factsum.errors import PromptError

# The default prompt of each task, chosen by the eval (evals/report-facts.md,
# evals/report-summaries.md): the one place they are named.
DEFAULT_PROMPTS: dict[str, str] = {"extract": "extract-focused", "summarize": "summary-extract"}

# task -> strategy -> step -> variables the step's templates may use
STRATEGIES: dict[str, dict[str, dict[str, frozenset[str]]]] = {
    "extract": {
        "single": {"extract": frozenset({"article", "schema_hint"})},
        "focused": {
            # tagged_candidates: the same listing with the tagger's reading of each name
            "entities": frozenset({"article", "candidates", "tagged_candidates", "examples"}),
            "roles": frozenset({"article", "people", "examples"}),
            "speakers": frozenset({"article", "quotes", "speakers", "examples"}),
        },
    },
    "summarize": {
        "summary": {"summary": frozenset({"article", "style_instruction", "max_words"})},
        # {article} is the numbered key sentences; the model shortens each by deleting words
        "compress": {"summary": frozenset({"article", "style_instruction", "max_words"})},
        # the article's own sentences: the lede and the story sentences after it, or (with a
        # select step) those the model picks from a numbered list
        "extract": {"select": frozenset({"lede", "sentences"})},
        # the same, each sentence with its asides left out (strategies.deletions)
        "extract-trimmed": {"select": frozenset({"lede", "sentences"})},
    },
}
# (task, strategy) -> steps a prompt file may leave out; without them the strategy calls no model
OPTIONAL_STEPS: dict[tuple[str, str], frozenset[str]] = {
    ("summarize", "extract"): frozenset({"select"}),
    ("summarize", "extract-trimmed"): frozenset({"select"}),
}


class StepTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    system: str
    user: str


class Example(BaseModel):
    """A few-shot example: ``text`` is a passage, ``answer`` maps strings found in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: str
    text: str
    answer: dict[str, Any]


class PromptFileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    task: str
    strategy: str
    description: str
    steps: dict[str, StepTemplate] = {}
    examples: list[Example] = []
    styles: dict[str, str] = {}


@dataclass(frozen=True)
class Prompt:
    """A validated prompt file. ``id`` is the sha256 prefix of its exact bytes."""

    path: Path
    id: str
    spec: PromptFileModel
    examples_by_step: dict[str, list[Example]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def strategy(self) -> str:
        return self.spec.strategy

    @property
    def needs_model(self) -> bool:
        """False for a prompt that leaves out every model step (an extractive lead summary)."""
        return bool(self.spec.steps)

    def variables(self, step: str) -> frozenset[str]:
        """The variables ``step``'s templates may use (``examples`` is filled by the prompt)."""
        return STRATEGIES[self.spec.task][self.strategy][step]

    def uses(self, step: str, variable: str) -> bool:
        """Whether ``step``'s templates ask for ``variable``: a pipeline need not build the rest."""
        template = self.spec.steps[step]
        return f"{{{variable}}}" in template.system + template.user

    def render(self, step: str, **variables: str) -> list[dict[str, str]]:
        """Chat messages for ``step``; a variable the template needs but was not given is an error.

        Rendering is what a pipeline does right before it calls the model for a step, so it is
        also where the step is announced to progress displays and the call log (``observe``).
        """
        observe.begin_step(step, prompt_name=self.name, prompt_id=self.id)
        return self.messages(step, **variables)

    def messages(self, step: str, **variables: str) -> list[dict[str, str]]:
        """The chat for ``step``, with its few-shot examples where the prompt file puts them,
        announcing nothing (for measuring a prompt as well as for sending it).

        A template that uses ``{examples}`` gets them as text in place (after the article, so
        every step shares the article prefix and llama.cpp reuses its KV cache across steps);
        otherwise they become prior chat turns.
        """
        template = self.spec.steps[step]
        examples = self.examples_by_step.get(step, [])
        uses_examples = self.uses(step, "examples")
        if uses_examples:
            variables = {**variables, "examples": _examples_text(examples)}
        try:
            messages = [
                {"role": "system", "content": template.system.format_map(variables)},
                {"role": "user", "content": template.user.format_map(variables)},
            ]
        except KeyError as error:
            raise PromptError(
                f"{self.path}: step {step!r} needs variable {error.args[0]!r}, "
                "which the pipeline did not provide"
            ) from error
        if uses_examples:
            return messages
        shots: list[dict[str, str]] = []
        for example in examples:
            shots.append({"role": "user", "content": _example_question(example)})
            shots.append({"role": "assistant", "content": json.dumps(example.answer, ensure_ascii=False)})
        return [messages[0], *shots, *messages[1:]]


def _example_question(example: Example) -> str:
    listing = "\n".join(f"- {key}" for key in example.answer)
    return f"Article:\n{example.text}\n\nItems:\n{listing}"


def _examples_text(examples: list[Example]) -> str:
    return "\n\n".join(
        f"Example text: {e.text}\nExample answer: {json.dumps(e.answer, ensure_ascii=False)}"
        for e in examples
    )


def builtin_prompt_dir() -> Path:
    packaged = Path(__file__).parent / "prompts"  # inside the wheel
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


def available_prompts(task: str | None = None) -> list[Prompt]:
    prompts = sorted((load_prompt_file(p) for p in builtin_prompt_dir().glob("*.toml")), key=lambda p: p.name)
    return [p for p in prompts if task is None or p.spec.task == task]


def load_prompt(name_or_path: str, *, task: str) -> Prompt:
    """A built-in prompt by name, or any prompt file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = builtin_prompt_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            names = ", ".join(p.name for p in available_prompts(task)) or "none"
            raise PromptError(
                f"no {task} prompt named {name_or_path!r} (built-in: {names}; or pass a .toml path)"
            )
    prompt = load_prompt_file(path)
    if prompt.spec.task != task:
        raise PromptError(f"{path}: is a {prompt.spec.task!r} prompt, but {task!r} was asked for")
    return prompt


def load_prompt_file(path: Path) -> Prompt:
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError as error:
        raise PromptError(f"prompt file {path} does not exist") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PromptError(f"{path}: not valid UTF-8 TOML: {error}") from error
    try:
        spec = PromptFileModel.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise PromptError(f"{path}: {where}: {problem['msg']}") from error
    _check_structure(path, spec)
    by_step: dict[str, list[Example]] = {}
    for example in spec.examples:
        by_step.setdefault(example.step, []).append(example)
    return Prompt(path, hashlib.sha256(raw).hexdigest()[:12], spec, by_step)


def _check_structure(path: Path, spec: PromptFileModel) -> None:
    strategies = STRATEGIES.get(spec.task)
    if strategies is None:
        raise PromptError(f"{path}: unknown task {spec.task!r} (expected one of {sorted(STRATEGIES)})")
    steps = strategies.get(spec.strategy)
    if steps is None:
        raise PromptError(
            f"{path}: unknown {spec.task} strategy {spec.strategy!r} (expected one of {sorted(strategies)})"
        )
    for step in spec.steps:
        if step not in steps:
            raise PromptError(
                f"{path}: unknown step {step!r} for strategy {spec.strategy!r} (expected {sorted(steps)})"
            )
    optional = OPTIONAL_STEPS.get((spec.task, spec.strategy), frozenset())
    for step, allowed in steps.items():
        template = spec.steps.get(step)
        if template is None and step in optional:
            continue
        if template is None:
            raise PromptError(f"{path}: missing step {step!r} required by strategy {spec.strategy!r}")
        for part in ("system", "user"):
            for variable in _variables(getattr(template, part), path, step):
                if variable not in allowed:
                    raise PromptError(
                        f"{path}: steps.{step}.{part} uses unknown variable {{{variable}}} "
                        f"(allowed: {', '.join(sorted(allowed))})"
                    )
    for style, instruction in spec.styles.items():
        unknown = _variables(instruction, path, f"styles.{style}") - {"max_words"}
        if unknown:
            raise PromptError(
                f"{path}: styles.{style} uses unknown variable {{{unknown.pop()}}} (allowed: max_words)"
            )
    if spec.task == "summarize" and not spec.styles:
        raise PromptError(f"{path}: a summarize prompt needs a [styles] table")
    for index, example in enumerate(spec.examples):
        if example.step not in steps:
            raise PromptError(f"{path}: examples[{index}] names unknown step {example.step!r}")
        for key in _answer_strings(example.answer):
            if key not in example.text:
                raise PromptError(f"{path}: examples[{index}] answer {key!r} does not occur in its own text")


def _variables(template: str, path: Path, step: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as error:
        raise PromptError(
            f"{path}: steps.{step}: bad template ({error}); write literal braces as {{{{ }}}}"
        ) from error


def _answer_strings(answer: dict[str, Any]) -> list[str]:
    """The strings an example claims come from its text: keys of mapping answers."""
    return [key for key in answer if isinstance(key, str)]
