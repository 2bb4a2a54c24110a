from __future__ import annotations

import re
from pathlib import Path

import pytest

from factsum.errors import PromptError
from factsum.prompts import available_prompts, builtin_prompt_dir, load_prompt, load_prompt_file

BUILTIN = [
    "extract-focused",
    "extract-focused-tagged",
    "extract-focused-turns",
    "extract-single",
    "summary-compress",
    "summary-extract",
    "summary-extract-picks",
    "summary-extract-trimmed",
    "summary-facts",
    "summary-lead",
    "summary-plain",
]

SINGLE = """name = "mine"
task = "extract"
strategy = "single"
description = "test prompt"

[steps.extract]
system = "Extract facts."
user = "Article: {article} Schema: {schema_hint}"
"""

FOCUSED = """name = "focused-test"
task = "extract"
strategy = "focused"
description = "test"

[steps.entities]
system = "Label."
user = "{article} {candidates}"

[steps.roles]
system = "Roles."
user = "{article} {people}"

[steps.speakers]
system = "Speakers."
user = "{article} {quotes} {speakers}"
"""


def write(tmp_path: Path, content: str, name: str = "p.toml") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def error_for(path: Path) -> str:
    with pytest.raises(PromptError) as excinfo:
        load_prompt_file(path)
    message = str(excinfo.value)
    assert str(path) in message
    assert excinfo.value.exit_code == 22
    return message


def test_every_builtin_prompt_loads() -> None:
    prompts = available_prompts()
    assert [p.name for p in prompts] == BUILTIN
    assert [(p.spec.task, p.strategy) for p in prompts] == [
        ("extract", "focused"),
        ("extract", "focused"),
        ("extract", "focused"),
        ("extract", "single"),
        ("summarize", "compress"),
        ("summarize", "extract"),
        ("summarize", "extract"),
        ("summarize", "extract-trimmed"),
        ("summarize", "summary"),
        ("summarize", "summary"),
        ("summarize", "summary"),
    ]
    for prompt in prompts:
        assert re.fullmatch(r"[0-9a-f]{12}", prompt.id)
        assert prompt.path.parent == builtin_prompt_dir()
    assert [p.name for p in available_prompts("summarize")] == [
        "summary-compress",
        "summary-extract",
        "summary-extract-picks",
        "summary-extract-trimmed",
        "summary-facts",
        "summary-lead",
        "summary-plain",
    ]
    assert len({p.id for p in prompts}) == len(BUILTIN)


def test_load_by_name_and_task_mismatch() -> None:
    assert load_prompt("extract-single", task="extract").strategy == "single"
    with pytest.raises(
        PromptError, match=r"summary-lead\.toml: is a 'summarize' prompt, but 'extract' was asked for"
    ):
        load_prompt("summary-lead", task="extract")


def test_id_changes_when_bytes_change(tmp_path: Path) -> None:
    path = write(tmp_path, SINGLE)
    first = load_prompt_file(path).id
    assert load_prompt_file(path).id == first
    path.write_text(SINGLE + "\n", encoding="utf-8")  # one extra byte
    assert load_prompt_file(path).id != first
    assert re.fullmatch(r"[0-9a-f]{12}", first)


def test_load_prompt_by_path(tmp_path: Path) -> None:
    path = write(tmp_path, SINGLE)
    assert load_prompt(str(path), task="extract").name == "mine"


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = error_for(write(tmp_path, 'colour = "red"\n' + SINGLE))
    assert "colour" in message
    assert "Extra inputs are not permitted" in message


def test_unknown_step(tmp_path: Path) -> None:
    message = error_for(write(tmp_path, SINGLE + '\n[steps.polish]\nsystem = "x"\nuser = "y"\n'))
    assert "unknown step 'polish'" in message


def test_missing_step(tmp_path: Path) -> None:
    text = FOCUSED.split("[steps.speakers]")[0]
    message = error_for(write(tmp_path, text))
    assert "missing step 'speakers'" in message


def test_unknown_template_variable(tmp_path: Path) -> None:
    message = error_for(write(tmp_path, SINGLE.replace("{schema_hint}", "{schema_hint} {colour}")))
    assert "steps.extract.user uses unknown variable {colour}" in message


def test_variable_of_another_step_is_unknown(tmp_path: Path) -> None:
    message = error_for(write(tmp_path, FOCUSED.replace("{article} {people}", "{article} {quotes}")))
    assert "steps.roles.user uses unknown variable {quotes}" in message


def test_bad_toml(tmp_path: Path) -> None:
    message = error_for(write(tmp_path, 'name = "unterminated\n'))
    assert "not valid UTF-8 TOML" in message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(PromptError, match="does not exist") as excinfo:
        load_prompt_file(path)
    assert str(path) in str(excinfo.value)


def test_example_answer_not_in_its_own_text(tmp_path: Path) -> None:
    example = (
        '\n[[examples]]\nstep = "entities"\ntext = "Ingrid Lund met Tor Berg."\n'
        'answer = { "Ingrid Lund" = "person", "Olaf Moe" = "person" }\n'
    )
    message = error_for(write(tmp_path, FOCUSED + example))
    assert "examples[0] answer 'Olaf Moe' does not occur in its own text" in message


def test_example_answer_in_its_text_is_accepted(tmp_path: Path) -> None:
    example = (
        '\n[[examples]]\nstep = "entities"\ntext = "Ingrid Lund met Tor Berg."\n'
        'answer = { "Ingrid Lund" = "person", "Tor Berg" = "person" }\n'
    )
    prompt = load_prompt_file(write(tmp_path, FOCUSED + example))
    assert [list(e.answer) for e in prompt.examples_by_step["entities"]] == [["Ingrid Lund", "Tor Berg"]]


def test_summarize_prompt_needs_styles(tmp_path: Path) -> None:
    text = (
        'name = "s"\ntask = "summarize"\nstrategy = "summary"\ndescription = "d"\n'
        '[steps.summary]\nsystem = "S {max_words}"\nuser = "{article} {style_instruction}"\n'
    )
    assert "needs a [styles] table" in error_for(write(tmp_path, text))


def test_unknown_prompt_name() -> None:
    with pytest.raises(PromptError) as excinfo:
        load_prompt("no-such-prompt", task="extract")
    message = str(excinfo.value)
    assert "no extract prompt named 'no-such-prompt'" in message
    builtin = "extract-focused, extract-focused-tagged, extract-focused-turns, extract-single"
    assert f"(built-in: {builtin}; or pass a .toml path)" in message


def test_render_fills_variables(tmp_path: Path) -> None:
    prompt = load_prompt_file(write(tmp_path, SINGLE))
    assert prompt.render("extract", article="ART", schema_hint="HINT") == [
        {"role": "system", "content": "Extract facts."},
        {"role": "user", "content": "Article: ART Schema: HINT"},
    ]


def test_render_missing_variable(tmp_path: Path) -> None:
    path = write(tmp_path, SINGLE)
    with pytest.raises(PromptError, match=r"step 'extract' needs variable 'schema_hint'") as excinfo:
        load_prompt_file(path).render("extract", article="ART")
    assert str(path) in str(excinfo.value)


def test_builtin_summary_prompt_renders() -> None:
    prompt = load_prompt("summary-lead", task="summarize")
    messages = prompt.render("summary", article="THE ARTICLE", style_instruction="STYLE", max_words="42")
    assert messages[0]["content"].endswith("Write at most 42 words.")
    assert messages[1]["content"] == "Article:\nTHE ARTICLE\n\nSTYLE"
