"""The documents a command names: one article, or a batch's paths, globs, folders and JSONL.

:func:`is_batch` tells one from many, :func:`iter_inputs` expands a batch into
:class:`BatchItem` s with unique ids, and :func:`load_item` reads any of them into article
text the one way a single ``factsum extract FILE`` does (plain text, HTML pages, URLs).
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from factsum.errors import InputError, InputNotFoundError
from factsum.inputs import STDIN, LoadedArticle, decode_article, is_url, load_article
from factsum.web import FetchedPage, fetch_url

__all__ = ["DOCUMENT_SUFFIXES", "BatchItem", "is_batch", "iter_inputs", "load_item"]

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class BatchItem:
    """One document. ``source`` is a path, URL or ``file.jsonl:LINE``; ``text`` is inline text.

    ``error`` is set for an input that is already known to be bad (a malformed JSONL line):
    the batch records it as failed without calling the worker.
    """

    id: str
    source: str | None
    text: str | None
    error: str | None = None


def is_batch(specs: Sequence[str]) -> bool:
    """Whether the command-line inputs are a batch (JSONL to ``-o``) rather than one article.

    Several inputs, a directory, a ``.jsonl`` file (any case) or a glob are a batch; a URL is
    one article whatever its query string holds (``?id=5`` is not a glob), as is a file whose
    name has glob characters but exists. These are the rules :func:`iter_inputs` expands by.
    """
    if len(specs) != 1:
        return True
    (spec,) = specs
    if spec == STDIN or is_url(spec):
        return False
    path = Path(spec)
    if path.suffix.lower() == ".jsonl" or path.is_dir():
        return True
    return not path.exists() and bool(_GLOB_CHARS & set(spec))


def iter_inputs(specs: Sequence[str]) -> list[BatchItem]:
    """Expand paths, globs, directories, URLs and ``.jsonl`` files into documents with unique ids.

    A directory contributes its ``*.txt``, ``*.html`` and ``*.htm`` files (sorted, not
    recursive); a glob its matches (sorted). A ``.jsonl`` file holds one ``{"id", "text"}``
    or ``{"id", "url"}`` object per line; a malformed line becomes a failing item naming the
    line. File ids are the stem (a URL's: the stem of its path), suffixed ``-2``, ``-3``...
    when a stem repeats; the same file named twice is read once. Raises
    ``InputNotFoundError`` for a glob or directory that matches nothing and ``InputError``
    for duplicate JSONL ids. A path that does not exist becomes an item that fails with
    ``InputNotFoundError``, like the single-file command.
    """
    entries: list[tuple[str, BatchItem]] = []  # (id origin: "file" | "jsonl", item)
    seen_paths: set[str] = set()

    def add_file(path: str) -> None:
        key = path if path == STDIN or is_url(path) else os.path.realpath(path)
        if key in seen_paths:
            return
        seen_paths.add(key)
        if path == STDIN:
            stem = "stdin"
        elif is_url(path):
            address = urlsplit(path)
            stem = Path(address.path).stem or address.hostname or "page"
        else:
            stem = Path(path).stem
        entries.append(("file", BatchItem(stem, path, None)))

    for spec in specs:
        path = Path(spec)
        if is_url(spec):
            add_file(spec)  # fetched by load_item
        elif spec != STDIN and path.suffix.lower() == ".jsonl" and path.is_file():
            entries.extend(("jsonl", item) for item in _read_jsonl(path))
        elif spec != STDIN and path.is_dir():
            found = sorted(
                str(p) for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
            )
            if not found:
                raise InputNotFoundError(
                    f"directory {spec} holds no {', '.join('*' + s for s in DOCUMENT_SUFFIXES)} files"
                )
            for name in found:
                add_file(name)
        elif spec != STDIN and not path.exists() and _GLOB_CHARS & set(spec):
            matches = sorted(m for m in glob.glob(spec, recursive=True) if Path(m).is_file())
            if not matches:
                raise InputNotFoundError(f"no file matches {spec}")
            for name in matches:
                if Path(name).suffix.lower() == ".jsonl":
                    entries.extend(("jsonl", item) for item in _read_jsonl(Path(name)))
                else:
                    add_file(name)
        else:
            add_file(spec)  # a missing path fails as a document, with exit code 11

    return _assign_ids(entries)


def _read_jsonl(path: Path) -> list[BatchItem]:
    items: list[BatchItem] = []
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputNotFoundError(f"cannot read {path}: {error.strerror}") from error
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        fallback_id = f"{path.stem}:{number}"
        try:
            record = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            items.append(
                BatchItem(fallback_id, where, None, error=f"{where}: malformed JSONL line ({error})")
            )
            continue
        if not isinstance(record, dict):
            items.append(
                BatchItem(fallback_id, where, None, error=f"{where}: expected a JSON object per line")
            )
            continue
        raw_id, text, url = record.get("id"), record.get("text"), record.get("url")
        item_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else fallback_id
        if isinstance(text, str) and url is None:
            items.append(BatchItem(item_id, where, text))
        elif isinstance(url, str) and text is None:
            items.append(BatchItem(item_id, url, None))
        else:
            items.append(
                BatchItem(
                    item_id,
                    where,
                    None,
                    error=f'{where}: each line needs exactly one of "text" or "url" as a string',
                )
            )
    return items


def _assign_ids(entries: list[tuple[str, BatchItem]]) -> list[BatchItem]:
    explicit: dict[str, list[str]] = {}
    for origin, item in entries:
        if origin == "jsonl":
            explicit.setdefault(item.id, []).append(item.source or item.id)
    duplicates = {k: v for k, v in explicit.items() if len(v) > 1}
    if duplicates:
        named = "; ".join(f"{k!r} ({', '.join(v)})" for k, v in sorted(duplicates.items()))
        raise InputError(f"duplicate document ids: {named}")
    taken = set(explicit)
    result: list[BatchItem] = []
    for origin, item in entries:
        if origin == "file":
            candidate, n = item.id, 1
            while candidate in taken:
                n += 1
                candidate = f"{item.id}-{n}"
            taken.add(candidate)
            item = BatchItem(candidate, item.source, item.text, item.error)
        result.append(item)
    return result


def load_item(item: BatchItem, *, fetch: Callable[[str], FetchedPage] = fetch_url) -> LoadedArticle:
    """The article of ``item``: its inline text, else what ``load_article`` reads from its source
    (a path, ``-`` or an http(s) URL, HTML reduced to its article). Raises the ``InputError``
    subclasses a single document raises."""
    if item.error is not None:
        raise InputError(item.error)
    if item.text is not None:
        label = item.source or item.id  # decode_article refuses empty and binary text by it
        return LoadedArticle(decode_article(item.text.encode("utf-8"), label), label, None)
    if item.source is None:
        raise InputNotFoundError(f"document {item.id} has neither text nor a source")
    return load_article(item.source, fetch=fetch)
