"""The ``factsum`` command: parse, call the library, render.

This is the one error boundary: a FactsumError becomes a one-line message on stderr and
its class's exit code; anything else is a bug and keeps its traceback. ``FACTSUM_DEBUG=1``
shows tracebacks for our errors too.
"""

from __future__ import annotations

import functools
import inspect
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import click
import typer
from pydantic import BaseModel
from rich.console import Console
from typer.core import TyperGroup, TyperOption
from typer.exceptions import TyperException

from factsum import observe
from factsum._version import __version__
from factsum.config import Settings, load_settings
from factsum.errors import FactsumError
from factsum.inputs import LoadedArticle
from factsum.outputs import check_writable, write_atomic
from factsum.prompts import DEFAULT_PROMPTS
from factsum.schemas.results import ExtractionResult, SummaryResult

if TYPE_CHECKING:
    from factsum.llm.base import LLMClient


def _plain_flags(command: click.Command | Any, ctx: Any) -> None:
    """Show no type for a flag in help: it takes no value, yet typer prints ``<bool>`` beside it."""
    for param in command.get_params(ctx):
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # what the help shows as the type; a flag's value is never parsed


class _Group(TyperGroup):
    """Every command's help, and the group's own, without ``<bool>`` on flags, in one place."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _plain_flags(self, ctx)
        super().format_help(ctx, formatter)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_flags(command, ctx)
        return command


app = typer.Typer(
    name="factsum",
    cls=_Group,
    help="Faithful summaries and source-grounded facts from news articles, offline by default.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
stderr = Console(stderr=True)
_invocation: list[str] = []  # the command line, for the call log (secrets masked there)


def _print_version(value: bool) -> None:
    if value:
        print(f"factsum {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Faithful summaries and source-grounded facts from news articles, offline by default."""


BATCH_FAILURES_EXIT = 5  # a batch finished, but some documents failed (their lines say why)


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"
    html = "html"


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


class Style(StrEnum):
    headline = "headline"
    short = "short"
    bullets = "bullets"
    paragraph = "paragraph"


ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        "-m",
        help="local:qwen2.5-coder-1.5b (default), local:qwen2.5-coder-0.5b, "
        "local:/path/x.gguf, openai:NAME. Env: FACTSUM_MODEL.",
    ),
]
BaseUrlOpt = Annotated[str | None, typer.Option(help="OpenAI-compatible server URL. Env: FACTSUM_BASE_URL.")]
ApiKeyOpt = Annotated[str | None, typer.Option(help="API key. Env: FACTSUM_API_KEY or OPENAI_API_KEY.")]
ModelPathOpt = Annotated[
    Path | None, typer.Option(help="Any GGUF file to run locally. Env: FACTSUM_MODEL_PATH.")
]
TemperatureOpt = Annotated[float | None, typer.Option(help="Sampling temperature (default 0).")]
MaxTokensOpt = Annotated[int | None, typer.Option(help="Cap on each model reply's tokens.")]
NCtxOpt = Annotated[
    int | None,
    typer.Option(
        help="Model context in tokens (default 8192): the embedded model's, or a remote server's; "
        "long articles are chunked to fit. Env: FACTSUM_N_CTX."
    ),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file (atomically).")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing --output file.")]
InputsArg = Annotated[
    list[str],
    typer.Argument(
        help="Article file (text or HTML), http(s) URL or - for stdin; several inputs, a directory, "
        "a glob or a .jsonl of {id, text|url} run as a batch writing JSONL to -o."
    ),
]
ConcurrencyOpt = Annotated[
    int, typer.Option(min=1, help="Batch: documents in parallel (remote models only).")
]
ResumeOpt = Annotated[bool, typer.Option(help="Batch: skip documents already ok in the -o file.")]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        "--threads",
        min=1,
        help="Threads for the local model (default: one per core). Env: FACTSUM_N_THREADS.",
    ),
]
NoLogOpt = Annotated[
    bool,
    typer.Option(
        "--no-log", help="Do not record this run's model calls (see `factsum logs`). Env: FACTSUM_LOG=0."
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress on stderr (the steps, or a batch's bar).")
]


def _settings(**flags: Any) -> Settings:
    return load_settings(flags)


@dataclass(frozen=True)
class ModelFlags:
    """The model flags extract, summarize and eval share: declared here once (each field's
    annotation is its option) and turned into settings in one place. A command takes them as
    one ``model_flags: ModelFlags`` parameter; :func:`_model_flag_options` lays them out."""

    model: ModelOpt = None
    base_url: BaseUrlOpt = None
    api_key: ApiKeyOpt = None
    model_path: ModelPathOpt = None
    temperature: TemperatureOpt = None
    max_tokens: MaxTokensOpt = None
    n_ctx: NCtxOpt = None
    threads: ThreadsOpt = None

    def settings(self, *, no_log: bool) -> Settings:
        """Flag > environment > config file > default; a flag not given (None) is no flag."""
        return _settings(
            model=self.model,
            base_url=self.base_url,
            api_key=self.api_key,
            model_path=self.model_path,
            temperature=self.temperature,
            max_tokens=self.max_tokens,
            n_ctx=self.n_ctx,
            n_threads=self.threads,
            log=False if no_log else None,
        )


Command = Callable[..., None]


def _model_flag_options(*, without: frozenset[str] = frozenset()) -> Callable[[Command], Command]:
    """Give a command ModelFlags' options where its ``model_flags`` parameter stands, and the
    parsed flags back as one ModelFlags when it runs.

    typer reads a command's options off its signature, one parameter per option, so the
    signature it sees lists the flags; the command's own code sees one typed value. ``without``
    names the flags the command does not offer: they stay None (not given).
    """
    hints = get_type_hints(ModelFlags, include_extras=True)  # the Annotated options, resolved
    offered = [flag.name for flag in fields(ModelFlags) if flag.name not in without]

    def lay_out(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        params = list(signature.parameters.values())
        at = [param.name for param in params].index("model_flags")
        options = [
            inspect.Parameter(name, params[at].kind, default=None, annotation=hints[name]) for name in offered
        ]
        laid_out = [*params[:at], *options, *params[at + 1 :]]

        @functools.wraps(command)
        def run(**parsed: Any) -> None:
            model_flags = ModelFlags(**{name: parsed.pop(name) for name in offered})
            command(**parsed, model_flags=model_flags)

        run.__signature__ = signature.replace(parameters=laid_out)  # type: ignore[attr-defined]
        run.__annotations__ = {param.name: param.annotation for param in laid_out} | {"return": None}
        return run

    return lay_out


@contextmanager
def _logged(settings: Settings, command: str) -> Iterator[None]:
    """The command's model calls as one run in the call log, with a warning if it cannot be written."""
    from factsum.logs import log_run

    with log_run(settings, command, _invocation) as log:
        yield
    if log is not None and log.failure:
        stderr.print(f"warning: {log.failure}", markup=False, highlight=False, soft_wrap=True)


def _emit(content: str, output: Path | None, force: bool) -> None:
    if output is None:
        sys.stdout.write(content if content.endswith("\n") else content + "\n")
    else:
        write_atomic(output, content if content.endswith("\n") else content + "\n", force=force)
        stderr.print(f"wrote {output}")


@app.command()
@_model_flag_options()
def extract(
    inputs: InputsArg,
    prompt: Annotated[
        str, typer.Option(help="Prompt name or .toml path (see `factsum prompts`).")
    ] = DEFAULT_PROMPTS["extract"],
    schema: Annotated[
        str | None, typer.Option(help="news (default), package.module:Class or schema.json.")
    ] = None,
    keep_ungrounded: Annotated[
        bool, typer.Option(help="Keep items not found in the article, flagged.")
    ] = False,
    format: Annotated[ExtractFormat, typer.Option("--format", "-f")] = ExtractFormat.json,
    output: OutputOpt = None,
    force: ForceOpt = False,
    model_flags: ModelFlags = ModelFlags(),  # laid out as the model's options (see ModelFlags)
    concurrency: ConcurrencyOpt = 1,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
    no_log: NoLogOpt = False,
) -> None:
    """Extract grounded facts (people, organisations, places, dates, quotes, figures) as JSON."""
    from factsum import api
    from factsum.schema_loader import load_schema

    # a bad prompt or schema stops here, before a model loads or a batch writes a line for it
    loaded_prompt = api.resolve_prompt(prompt, "extract")
    load_schema(schema)
    settings = model_flags.settings(no_log=no_log)
    with _logged(settings, "extract"):
        done = _single_or_batch(
            inputs,
            settings,
            lambda article, client: api.extract(
                article.text,
                settings=settings,
                client=client,
                prompt=loaded_prompt,
                schema=schema,
                keep_ungrounded=keep_ungrounded,
                source=article.metadata,
            ),
            BatchOptions(output, force, concurrency, resume, quiet),
        )
    if done is None:
        return
    article, result = done
    assert isinstance(result, ExtractionResult)
    text = article.text
    if format is ExtractFormat.json:
        _emit(result.model_dump_json(indent=2), output, force)
        return
    if format is ExtractFormat.html:
        from factsum.render_html import render_facts_page

        title = (article.metadata.title if article.metadata else None) or article.label
        _emit(render_facts_page(text, result, title=title), output, force)
        return
    from factsum.terminal import print_table, render_table

    dropped = sum(result.dropped.values())
    footer = (
        f"{result.run.model} · prompt {result.run.prompt_name}@{result.run.prompt_id} · "
        f"{result.run.usage.calls} calls · {result.run.seconds:.1f}s · dropped {dropped} ungrounded"
    )
    if output is not None:  # the file only, 120 columns wide, no colour
        console = Console(record=True, width=120, file=io.StringIO(), color_system=None)
        for table in render_table(console, "Grounded facts", _fact_columns(), _fact_rows(result.facts)):
            console.print(table)
        console.print(footer, markup=False, highlight=False)
        _emit(console.export_text(), output, force)
        return
    out = Console()
    print_table("Grounded facts", _fact_columns(), _fact_rows(result.facts), console=out)
    (out if out.is_terminal else stderr).print(f"[dim]{footer}[/dim]", highlight=False)


def _fact_columns() -> list[Any]:
    from factsum.terminal import Column

    return [Column("field", "key"), Column("value"), Column("detail"), Column("span", "fixed"),
            Column("status", "fixed")]  # fmt: skip


def _fact_rows(facts: BaseModel) -> list[list[str]]:
    """One row per item of each list field: news items by their key field, a custom schema's
    by its ``name`` or ``text``."""
    from factsum.schemas.news import NEWS_ITEM_TYPES, NewsFacts

    news = isinstance(facts, NewsFacts)
    rows: list[list[str]] = []
    for field_name, items in facts.model_dump(mode="json").items():
        if not isinstance(items, list):
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            key = NEWS_ITEM_TYPES[field_name].key_field if news else ("name" if "name" in item else "text")
            value = item.get(key)
            detail = item.get("role") or item.get("speaker") or item.get("iso") or ""
            if "value" in item:
                detail = f"{item['value']:g} {item.get('unit') or ''}".strip()
            grounding = item.get("grounding") or {}
            span = (
                f"{grounding.get('start')}-{grounding.get('end')}"
                if grounding.get("start") is not None
                else ""
            )
            rows.append([field_name, str(value or ""), str(detail), span, grounding.get("status", "")])
    return rows


@app.command()
@_model_flag_options(without=frozenset({"max_tokens"}))
def summarize(
    inputs: InputsArg,
    style: Annotated[Style, typer.Option(help="headline, short, bullets or paragraph.")] = Style.paragraph,
    max_words: Annotated[int | None, typer.Option(min=1, help="Hard cap on the summary's words.")] = None,
    prompt: Annotated[
        str, typer.Option(help="Prompt name or .toml path (see `factsum prompts`).")
    ] = DEFAULT_PROMPTS["summarize"],
    format: Annotated[SummaryFormat, typer.Option("--format", "-f")] = SummaryFormat.text,
    output: OutputOpt = None,
    force: ForceOpt = False,
    model_flags: ModelFlags = ModelFlags(),  # laid out as the model's options (see ModelFlags)
    concurrency: ConcurrencyOpt = 1,
    resume: ResumeOpt = False,
    quiet: QuietOpt = False,
    no_log: NoLogOpt = False,
) -> None:
    """Summarise an article faithfully: by default its own sentences, each with its char span."""
    from factsum import api

    loaded_prompt = api.resolve_prompt(prompt, "summarize")
    settings = api.settings_for_prompt(model_flags.settings(no_log=no_log), loaded_prompt)
    with _logged(settings, "summarize"):
        done = _single_or_batch(
            inputs,
            settings,
            lambda article, client: api.summarize(
                article.text,
                settings=settings,
                client=client,
                prompt=loaded_prompt,
                style=style.value,
                max_words=max_words,
                source=article.metadata,
            ),
            BatchOptions(output, force, concurrency, resume, quiet),
        )
    if done is None:
        return
    article, result = done
    assert isinstance(result, SummaryResult)
    if format is SummaryFormat.json:
        _emit(result.model_dump_json(indent=2), output, force)
    elif format is SummaryFormat.html:
        from factsum.render_summary import render_summary_page

        title = (article.metadata.title if article.metadata else None) or article.label
        _emit(render_summary_page(article.text, result, title=title), output, force)
    elif format is SummaryFormat.markdown:
        lines = [
            f"## Summary ({result.style})",
            "",
            result.text,
            "",
            f"*{result.word_count} words · {result.run.model} · "
            f"prompt {result.run.prompt_name}@{result.run.prompt_id}*",
        ]
        _emit("\n".join(lines), output, force)
    else:
        _emit(result.text, output, force)
    faith = result.faithfulness
    if not faith.ok:
        unsupported = ", ".join(faith.unsupported_names + faith.unsupported_numbers)
        stderr.print(f"[yellow]warning: not in the article: {unsupported}[/yellow]")


@dataclass(frozen=True)
class BatchOptions:
    output: Path | None
    force: bool
    concurrency: int
    resume: bool
    quiet: bool = False


# one document's work: the article, and the batch thread's client (None: the library opens one)
Task = Callable[[LoadedArticle, "LLMClient | None"], BaseModel]


def _single_or_batch(
    inputs: list[str], settings: Settings, task: Task, options: BatchOptions
) -> tuple[LoadedArticle, BaseModel] | None:
    """Run ``task`` on the one article, or as a batch writing JSONL (then None: all is written).

    Both load a document with ``documents.load_item`` and run the same ``task``: a batch line's
    result is what the single-document command prints for that file.
    """
    from factsum.documents import BatchItem, is_batch, load_item

    if is_batch(inputs):
        _batch(inputs, settings, task, options)
        return None
    if options.output is not None:
        check_writable(options.output, force=options.force)  # before the model runs, not after
    with _step_progress(options.quiet):
        observe.begin_step("reading")
        article = load_item(BatchItem(inputs[0], inputs[0], None))
        return article, task(article, None)


@contextmanager
def _step_progress(quiet: bool) -> Iterator[None]:
    """The running step and elapsed time on stderr, when it is a terminal and not --quiet."""
    from factsum.terminal import StepProgress

    with ExitStack() as stack:
        if not quiet and stderr.is_terminal:
            progress = stack.enter_context(StepProgress(stderr))
            stack.enter_context(observe.observed(progress))
        yield


def _batch(
    inputs: list[str],
    settings: Settings,
    task: Task,
    options: BatchOptions,
) -> None:
    """Many documents -> one JSONL line each; failures are lines too, never a stopped batch."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from factsum import api
    from factsum.batch import BatchInterrupted, check_batch_output, make_worker, run_batch, thread_local
    from factsum.documents import iter_inputs
    from factsum.llm.registry import parse_spec

    items = iter_inputs(inputs)  # an empty directory says so before asking for -o
    if options.output is None:
        raise click.UsageError("a batch writes JSONL: give the output file with -o FILE.jsonl")
    if options.concurrency > 1 and parse_spec(settings.model)[0] == "local":
        raise click.UsageError(
            "--concurrency > 1 needs a remote model (--model openai:... --base-url ...); "
            "the embedded model runs one document at a time"
        )
    check_batch_output(options.output, resume=options.resume, force=options.force)
    client = thread_local(lambda: api.open_client(settings))
    client()  # a bad model or missing key stops the batch before its first document
    worker = make_worker(lambda article: task(article, client()))

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} · {task.fields[failed]} failed · {task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr, transient=False, disable=options.quiet) as progress:
        bar = progress.add_task("documents", total=len(items), failed=0, rate="")

        def on_progress(state: Any) -> None:
            progress.update(
                bar,
                completed=state.done,  # it counts the skipped documents already
                failed=state.failed,
                rate=f"{state.docs_per_s:.2f} docs/s",
            )

        try:
            summary = run_batch(
                items,
                worker,
                options.output,
                concurrency=options.concurrency,
                resume=options.resume,
                force=options.force,
                on_progress=on_progress,
            )
        except BatchInterrupted as stop:
            done = stop.summary
            stderr.print(f"interrupted: {done.ok} ok and {done.failed} failed are in {options.output}; "
                         "run again with --resume to finish")  # fmt: skip
            raise typer.Exit(130) from None
    stderr.print(
        f"{summary.ok} ok, {summary.failed} failed, {summary.skipped} skipped -> {options.output} "
        f"({summary.elapsed:.1f}s)"
    )
    if summary.failed:
        raise typer.Exit(BATCH_FAILURES_EXIT)


@app.command()
def models(model_path: ModelPathOpt = None, base_url: BaseUrlOpt = None) -> None:
    """List the models factsum can use and whether each is ready."""
    from factsum.llm.registry import list_models
    from factsum.terminal import Column, print_table

    settings = _settings(model_path=model_path, base_url=base_url)
    columns = [Column("model", "key"), Column("provider", "fixed"), Column("description"), Column("status")]
    rows = [[c.spec, c.provider, c.description, c.status] for c in list_models(settings)]
    print_table("Models", columns, rows)


@app.command()
def prompts(
    show: Annotated[
        str | None, typer.Argument(help="'show' to print one prompt file.", show_default=False)
    ] = None,
    name: Annotated[
        str | None, typer.Argument(help="The prompt to print, with 'show'.", show_default=False)
    ] = None,
) -> None:
    """List the built-in prompts with their content-hash ids; `prompts show NAME` prints one."""
    from factsum.errors import PromptError
    from factsum.evals.runner import resolve_prompt
    from factsum.prompts import available_prompts

    if show is not None:
        if show != "show" or name is None:
            raise typer.BadParameter("use `factsum prompts` or `factsum prompts show NAME`")
        prompt = resolve_prompt(name)
        print(f"# {prompt.name} · id {prompt.id} · {prompt.path}")
        try:
            sys.stdout.write(prompt.path.read_text(encoding="utf-8"))
        except OSError as error:
            raise PromptError(f"cannot read {prompt.path}: {error.strerror}") from error
        return
    from factsum.terminal import Column, print_table

    columns = [Column("name", "key"), Column("id", "fixed"), Column("task", "fixed"),
               Column("strategy", "fixed"), Column("description")]  # fmt: skip
    rows = [[p.name, p.id, p.spec.task, p.strategy, p.spec.description] for p in available_prompts()]
    print_table("Prompts", columns, rows)


@app.command("logs")
def logs_(
    run_id: Annotated[
        str | None,
        typer.Argument(help="A run id (or a unique prefix): its calls one by one.", show_default=False),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "-n", "--count", min=1, help="Recent runs to list (default 10); with RUN_ID, the first N calls."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON on stdout.")] = False,
    path: Annotated[bool, typer.Option("--path", help="Print where the log is and exit.")] = False,
) -> None:
    """The call log: recent runs, or one run call by call (prompts, replies, tokens, latency, cost)."""
    import json

    from factsum.logs import list_runs, read_run
    from factsum.terminal import Column, print_table

    settings = _settings()
    if path:
        print(settings.log_path)
        return
    if run_id is None:
        runs = list_runs(settings.log_path, count or 10)
        if as_json:
            print(json.dumps([r.to_dict() for r in runs], indent=2, ensure_ascii=False))
            return
        columns = [Column("run", "key"), Column("started", "fixed"), Column("command", "fixed"),
                   Column("model", "key"), Column("calls", "fixed", "right"),
                   Column("re-asks", "fixed", "right"), Column("tokens in+out", "fixed", "right"),
                   Column("cost", "fixed", "right"), Column("in model", "fixed", "right")]  # fmt: skip
        rows = [[r.id, r.started_at[:19].replace("T", " "), r.command, ", ".join(r.models), str(r.calls),
                 str(r.reasks), f"{r.prompt_tokens}+{r.completion_tokens}", _usd(r.cost), f"{r.seconds:.1f}"]
                for r in runs]  # fmt: skip
        print_table(f"Recent runs · {settings.log_path}", columns, rows)
        return
    summary, calls = read_run(settings.log_path, run_id)
    calls = calls[:count] if count else calls
    if as_json:
        print(json.dumps({**summary.to_dict(), "entries": [c.to_dict() for c in calls]}, indent=2,
                         ensure_ascii=False))  # fmt: skip
        return
    print(f"run {summary.id} · {summary.started_at} · factsum {' '.join(summary.args) or summary.command}")
    print(f"{summary.calls} calls ({summary.reasks} re-asks, {summary.errors} failed) · "
          f"{summary.prompt_tokens}+{summary.completion_tokens} tokens · {_usd(summary.cost)} · "
          f"{summary.seconds:.1f}s in the model")  # fmt: skip
    for call in calls:
        from factsum.terminal import step_label

        step = step_label(call.step) if call.step else "no step"
        prompt = f" · prompt {call.prompt_name}@{call.prompt_id}" if call.prompt_name else ""
        attempt = f" · re-ask {call.attempt - 1}" if call.attempt > 1 else ""
        print()
        print(f"## call {call.seq}: {step}{attempt}{prompt}")
        print(f"{call.model} · {call.prompt_tokens}+{call.completion_tokens} tokens · {call.latency:.2f}s · "
              f"{_usd(call.cost)} · {call.started_at}")  # fmt: skip
        for message in call.messages:
            print(f"\n[{message['role']}]\n{message['content']}")
        if call.error:
            print(f"\n[error]\n{call.error}")
        else:
            reason = f" · {call.finish_reason}" if call.finish_reason not in (None, "stop") else ""
            print(f"\n[response{reason}]")
            print(call.response or "")


def _usd(cost: float | None) -> str:
    return "unknown" if cost is None else f"${cost:.4f}"


@app.command()
def version() -> None:
    """Print the factsum version."""
    print(__version__)


def _usage_error(error: Exception) -> None:
    """A command-line mistake: one line on stderr and exit 2, as the README promises."""
    message = getattr(error, "format_message", lambda: str(error))() or ""
    code = getattr(error, "exit_code", 2)
    if not message.strip():  # ``factsum`` alone: the help is the answer
        stderr.print("factsum: see factsum --help for the commands", markup=False)
        sys.exit(code)
    first = " ".join(message.split())
    stderr.print(f"factsum: error: {first} (see --help)", markup=False, highlight=False, soft_wrap=True)
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console entry point and the CLI's single error boundary."""
    debug = os.environ.get("FACTSUM_DEBUG") == "1"
    if not debug:
        # instructor logs every failed attempt at ERROR; our boundary reports the outcome once
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
    _invocation[:] = sys.argv[1:] if argv is None else argv
    try:
        code = app(args=argv, standalone_mode=False)
    except FactsumError as error:
        if debug:
            raise
        stderr.print(f"factsum: error: {error}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except (click.exceptions.Abort, typer.Abort):
        stderr.print("factsum: aborted", markup=False)
        sys.exit(130)
    except (click.exceptions.Exit, typer.Exit) as error:
        sys.exit(error.exit_code)
    except (click.exceptions.ClickException, TyperException) as error:
        # typer vendors click (typer._click): its usage errors are TyperExceptions, not click's
        _usage_error(error)
    sys.exit(code if isinstance(code, int) else 0)


EvalDirsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Eval sets: folders of <id>.txt + <id>.labels.json pairs (default: seeds).", show_default=False
    ),
]
EvalPromptOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--prompt",
        "-p",
        help=f"Prompt or .toml, repeatable (defaults {', '.join(DEFAULT_PROMPTS.values())})",
    ),
]
EvalModelOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--model",
        "-m",
        help="Model spec (repeatable). Default: the configured model (local:qwen2.5-coder-1.5b).",
    ),
]
FailUnderOpt = Annotated[
    list[str] | None,
    typer.Option("--fail-under", help="METRIC=VALUE gate (repeatable), e.g. entities.f1=0.8."),
]


@app.command("eval")
@_model_flag_options(without=frozenset({"model"}))  # its own --model is a list: every model to score
def eval_(
    directories: EvalDirsArg = None,
    prompt: EvalPromptOpt = None,
    model: EvalModelOpt = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="Ignore cached results.")] = False,
    repeat: Annotated[int, typer.Option(min=1, help="Samples per document.")] = 1,
    baseline: Annotated[Path | None, typer.Option(help="Earlier results JSON to diff.")] = None,
    fail_under: FailUnderOpt = None,
    output_dir: Annotated[Path, typer.Option(help="Results directory.")] = Path("evals/results"),
    report: Annotated[
        Path | None, typer.Option(help="Also write one Markdown report covering every set here.")
    ] = None,
    report_title: Annotated[
        str | None,
        typer.Option(help="What the sets are, for the --report and --html headings (e.g. 'dev sets')."),
    ] = None,
    html_page: Annotated[
        Path | None,
        typer.Option(
            "--html",
            help="Also write one self-contained HTML page covering every set here: the table, then "
            "per document the missed and spurious items, highlighted in the article.",
        ),
    ] = None,
    comparators: Annotated[
        bool,
        typer.Option(help="Add the no-model rows: rules-only, lead-N, published systems, spaCy NER."),
    ] = True,
    style: Annotated[Style, typer.Option(help="Summary style.")] = Style.paragraph,
    model_flags: ModelFlags = ModelFlags(),  # laid out as the model's options (see ModelFlags)
    no_log: NoLogOpt = False,
) -> None:
    """Score prompts x models on hand-labelled eval sets; write results JSON + Markdown per set."""
    import time

    from factsum.evals.report import (
        failure_lines,
        load_baseline,
        render_markdown,
        render_overview,
        table_cells,
        table_title,
        write_reports,
    )
    from factsum.evals.runner import check_gates, parse_thresholds, run_eval
    from factsum.terminal import Column, print_table

    started = time.perf_counter()
    thresholds = parse_thresholds(fail_under or [])  # an unknown metric fails before any work
    reference = load_baseline(baseline) if baseline is not None else None
    settings = model_flags.settings(no_log=no_log)
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
               TimeElapsedColumn())  # fmt: skip
    runs = []
    for directory in directories or [Path("seeds")]:
        with _logged(settings, "eval"), Progress(*columns, console=stderr, transient=True) as progress:
            bar = progress.add_task("eval", total=None)

            def on_progress(done: int, total: int, label: str, bar: TaskID = bar) -> None:
                progress.update(bar, completed=done, total=total, description=label)

            run = run_eval(
                directory,
                prompt or list(DEFAULT_PROMPTS.values()),
                model or [settings.model],
                base_settings=settings,
                fresh=fresh,
                repeat=repeat,
                style=style.value,
                on_progress=on_progress,
                comparators=comparators,
            )
        runs.append(run)
        headers, rows = table_cells(run)
        names = [Column(h, "key") for h in headers[:2]] + [Column(h, "fixed", "right") for h in headers[2:]]
        print_table(table_title(run), names, rows)
        for line in failure_lines(run):
            stderr.print(line, markup=False, highlight=False, soft_wrap=True)
        json_path, md_path = write_reports(run, output_dir, baseline=reference)
        print(json_path)
        print(md_path)
        for warning in run.warnings:
            stderr.print(f"warning: {warning}", markup=False, highlight=False)
        stderr.print(
            f"{directory}: cache {run.cache_hits} hits, {run.cache_misses} misses",
            markup=False,
            highlight=False,
        )
    if report is not None:
        # the overview, then one section per set: each run's headings go one level down
        sections = [("\n" + render_markdown(run, reference)).replace("\n#", "\n##").lstrip() for run in runs]
        sets = ", ".join(
            f"`{run.directory}` ({len(run.rows[0].documents) if run.rows else 0} docs)" for run in runs
        )
        title = f"# factsum eval: {report_title}\n\n{sets}" if report_title else f"# factsum eval: {sets}"
        overview = f"{title}\n\n## Overview\n\n{render_overview(runs)}\n"
        _emit(overview + "\n".join(sections), report, force=True)
    if html_page is not None:
        from factsum.evals.html_report import render_eval_sets
        from factsum.evals.report import results_json

        # the page reads what the results JSON records, so it shows what the files say
        pages = [(results_json(run), {c.id: c.text for c in run.cases}) for run in runs]
        _emit(render_eval_sets(pages, title=report_title), html_page, force=True)
    elapsed = time.perf_counter() - started
    hits, misses = sum(r.cache_hits for r in runs), sum(r.cache_misses for r in runs)
    stderr.print(f"cache: {hits} hits, {misses} misses · {elapsed:.1f}s", markup=False, highlight=False)
    for run in runs:
        check_gates(run, thresholds)


eval_data = typer.Typer(
    cls=_Group, help="Public dev sets built from git clones of public repositories.", no_args_is_help=True
)
app.add_typer(eval_data, name="eval-data")


@eval_data.command("build")
def eval_data_build(
    out_dir: Annotated[Path, typer.Argument(help="Where to write the sets.")] = Path("evals/public/data"),
    clones: Annotated[
        Path,
        typer.Option("--from", help="Folder holding the clones (Named-Entity-Recognition/, frank/)."),
    ] = Path("clones"),
    labels: Annotated[Path, typer.Option(help="Hand labels of realnews-labelled (quotes as spans).")] = Path(
        "evals/public/realnews-labelled"
    ),
) -> None:
    """Build conll-dev, cnn-dev and realnews-labelled from pinned clones (see evals/public/README.md)."""
    from factsum.evals.public import build_public_sets

    summary = build_public_sets(clones, out_dir, labels)
    for name, count in summary.documents.items():
        print(f"{name}: {count} documents -> {out_dir / name}")
    print(f"realnews-labelled: {summary.quotes} quotes")


@eval_data.command("judged")
def eval_data_judged(
    directory: Annotated[Path, typer.Argument(help="Folder of <system>.jsonl judgements.")] = Path(
        "evals/judged"
    ),
) -> None:
    """Claim-by-claim judgements of summaries, per system, as a Markdown table (JUDGING.md)."""
    from factsum.errors import LabelsError
    from factsum.evals.judged import load_judgements

    files = sorted(directory.glob("*.jsonl")) if directory.is_dir() else []
    if not files:
        raise LabelsError(f"{directory}: no <system>.jsonl judgement files")
    header = ("system", "stories", "claims", "unsupported", "wrong", "errors per 100 claims",
              "summaries with an error", "lede covered")  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 1))
    for path in files:
        _, t = load_judgements(path)
        cells = (t.system, t.stories, t.claims, t.unsupported, t.wrong, f"{t.errors_per_100_claims:.1f}",
                 f"{t.with_error} of {t.stories}", f"{t.lede_covered} of {t.stories}")  # fmt: skip
        print("| " + " | ".join(str(c) for c in cells) + " |")
