"""What the CLI draws: tables that fit the terminal, and step progress for one document.

Tables: key columns (names you type: models, prompts) never wrap and are never cut; text
columns wrap at words (folding a word longer than the column); when even that cannot fit the
terminal, the other columns are split over a few tables that repeat the key columns, or, for
a table as wide as the eval's, each row becomes a block of ``header value`` lines.
Piped output is plain TSV, one header line then one line per row, for ``cut`` and ``awk``.

Progress is an ``observe.Observer``: the pipelines announce steps and the client seam reports
calls; this module only draws them, so no pipeline imports rich.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from factsum import observe

__all__ = ["Column", "StepProgress", "print_table", "render_table", "step_label", "tsv"]


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # key: never wrapped or cut; text: wraps at words; fixed: short values, not wrapped
    justify: str = "left"


def tsv(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> str:
    def clean(cell: str) -> str:
        return " ".join(str(cell).split())

    lines = ["\t".join(c.header for c in columns)]
    lines += ["\t".join(clean(cell) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def _table(title: str | None, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> Table:
    table = Table(title=title)
    for column in columns:
        if column.kind == "text":
            table.add_column(column.header, overflow="fold", justify=column.justify)  # type: ignore[arg-type]
        else:
            table.add_column(column.header, no_wrap=True, justify=column.justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return table


MAX_PARTS = 3  # beyond this many side-by-side parts, one block per row reads better


def render_table(
    console: Console, title: str | None, columns: Sequence[Column], rows: Sequence[Sequence[str]]
) -> list[RenderableType]:
    """One table if it fits ``console.width``; else up to MAX_PARTS tables that repeat the key
    columns beside as many others as fit; else one block per row (its keys, then
    ``header value`` pairs packed into lines), as ``kubectl describe`` does."""
    if _narrowest(columns, rows) <= console.width:
        return [_table(title, columns, rows)]
    keys = [i for i, c in enumerate(columns) if c.kind == "key"]
    others = [i for i, c in enumerate(columns) if c.kind != "key"]
    groups: list[list[int]] = []
    for index in others:
        candidate = [*groups[-1], index] if groups else [index]
        if groups and _fits(console, columns, rows, keys + candidate):
            groups[-1] = candidate
        else:
            groups.append([index])
    if len(groups) > MAX_PARTS:
        return _blocks(console, title, columns, rows, keys, others)
    tables: list[RenderableType] = []
    for number, group in enumerate(groups, 1):
        chosen = keys + group
        label = f"{title} ({number}/{len(groups)})" if title else None
        tables.append(_table(label, [columns[i] for i in chosen], [[row[i] for i in chosen] for row in rows]))
    return tables


def _blocks(
    console: Console,
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    keys: list[int],
    others: list[int],
) -> list[RenderableType]:
    # the same columns on the same line in every block, each padded to its widest pair, so
    # blocks compare by eye the way table rows do
    width = {i: max(len(f"{columns[i].header} {row[i]}") for row in rows) for i in others}
    layout: list[list[int]] = [[]]
    for i in others:
        used = sum(width[j] + 3 for j in layout[-1])
        if layout[-1] and used + width[i] > console.width - 2:
            layout.append([])
        layout[-1].append(i)
    out: list[RenderableType] = [Text(title, style="italic")] if title else []
    for row in rows:
        out.append(Text(" · ".join(row[i] for i in keys), style="bold"))
        for line in layout:
            pairs = [f"{columns[i].header} {row[i]}".ljust(width[i]) for i in line]
            out.append(Text("  " + "   ".join(pairs).rstrip()))
    return out


def _fits(
    console: Console, columns: Sequence[Column], rows: Sequence[Sequence[str]], chosen: list[int]
) -> bool:
    return (
        _narrowest([columns[i] for i in chosen], [[row[i] for i in chosen] for row in rows]) <= console.width
    )


FOLD_WORDS_OVER = 16  # a text column may fold a word longer than this (a URL) rather than split the table


def _narrowest(columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> int:
    """The width the table needs with every text column wrapped at words and every other column
    whole. Counted here, not with ``console.measure``: rich measures a no-wrap cell by its
    longest word and clamps to the terminal, and then cuts the cell it promised to keep."""
    total = len(columns) + 1  # the borders
    for index, column in enumerate(columns):
        cells = [column.header, *(row[index] for row in rows)]
        if column.kind == "text":
            need = max((cell_len(word) for cell in cells for word in cell.split()), default=1)
            need = min(need, FOLD_WORDS_OVER)
        else:
            need = max(cell_len(line) for cell in cells for line in (cell.splitlines() or [""]))
        total += need + 2  # the padding
    return total


def print_table(
    title: str | None,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    console: Console | None = None,
) -> None:
    """A table on stdout that fits the terminal, or TSV when stdout is not a terminal."""
    console = console or Console()
    if not console.is_terminal:
        console.file.write(tsv(columns, rows))
        console.file.flush()
        return
    for table in render_table(console, title, columns, rows):
        console.print(table)


# prompt steps and pipeline phases, as a person reads them
_LABELS = {
    "reading": "reading",
    "entities": "typing names",
    "speakers": "speakers",
    "roles": "roles",
    "summary": "summary",
    "select": "picking sentences",
    "extract": "extracting",
    "grounding": "grounding",
}


def step_label(step: str) -> str:
    return _LABELS.get(step, step)


class StepProgress:
    """A one-line spinner on stderr: the running step (``typing names 2/3`` for its second batch),
    calls, tokens and re-asks so far, and the elapsed time. Draws only on a terminal."""

    def __init__(self, console: Console) -> None:
        self.enabled = console.is_terminal
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("[dim]{task.fields[calls]}[/dim]"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None
        self._seen: Counter[str] = Counter()
        self._label = "starting"
        self._calls = 0
        self._tokens = 0
        self._reasks = 0

    def __enter__(self) -> StepProgress:
        if self.enabled:
            self._progress.start()
            self._task = self._progress.add_task(self._label, total=None, calls="")
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.enabled:
            self._progress.stop()

    def step(self, step: observe.Step) -> None:
        self._seen[step.name] += 1
        count = self._seen[step.name]
        if step.parts is not None and step.parts > 1:
            suffix = f" {step.part}/{step.parts}"
        else:  # a step whose batches are not counted ahead: how many have begun
            suffix = f" {count}" if count > 1 else ""
        self._label = step_label(step.name) + suffix
        self._draw()

    def call(self, call: observe.ModelCall) -> None:
        self._calls += 1
        self._tokens += call.prompt_tokens + call.completion_tokens
        self._reasks += call.attempt > 1
        self._draw()

    def _draw(self) -> None:
        if self._task is None:
            return
        calls = (
            f"· {self._calls} call{'s' if self._calls != 1 else ''} · {self._tokens} tokens"
            if self._calls
            else ""
        )
        if self._reasks:
            calls += f" · {self._reasks} re-ask{'s' if self._reasks != 1 else ''}"
        self._progress.update(self._task, description=self._label, calls=calls, refresh=True)


def stderr_console(quiet: bool = False, file: TextIO | None = None) -> Console:
    return Console(stderr=True, file=file or sys.stderr, quiet=quiet)
