"""Build the public dev sets (conll-dev, cnn-dev, realnews-labelled) from local clones."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsum.errors import SourceDataError
from factsum.evals.cases import LABELS_SUFFIX, TEXT_SUFFIX, load_cases
from factsum.evals.comparators import SYSTEMS_SUFFIX
from factsum.evals.public import conll, frank, realnews
from factsum.evals.public.sources import CONLL, FRANK, find_clone, read_pinned
from factsum.outputs import write_atomic

__all__ = ["SETS", "BuildSummary", "build_public_sets"]

SETS = ("conll-dev", "cnn-dev", "realnews-labelled")


@dataclass
class BuildSummary:
    out_dir: Path
    documents: dict[str, int] = field(default_factory=dict)
    quotes: int = 0


def _dump(data: Any) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _write_case(directory: Path, slug: str, text: str, labels: dict[str, Any]) -> None:
    write_atomic(directory / f"{slug}{TEXT_SUFFIX}", text, force=True)
    write_atomic(directory / f"{slug}{LABELS_SUFFIX}", _dump(labels), force=True)


def _fresh_dir(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
        for stale in [*path.glob(f"*{TEXT_SUFFIX}"), *path.glob("*.json")]:
            stale.unlink()
    except OSError as error:
        raise SourceDataError(f"cannot prepare {path}: {error.strerror}", original=error) from error
    return path


def _build_conll(clones_dir: Path, out: Path) -> int:
    data = read_pinned(find_clone(clones_dir, CONLL), CONLL, conll.VALID_PATH, conll.VALID_BLOB)
    chosen = conll.select_documents(conll.parse_conll(data.decode("utf-8")))
    for document in chosen:
        text, _ = document.render()
        _write_case(out, document.slug, text, document.labels())
    return len(chosen)


def _frank_stories(clones_dir: Path) -> list[frank.FrankStory]:
    clone = find_clone(clones_dir, FRANK)
    pins: dict[str, str] = frank.manifest()["stories"]
    return [
        frank.parse_story(h, read_pinned(clone, FRANK, f"{frank.ARTICLES_DIR}/{h}.json", blob))
        for h, blob in sorted(pins.items())
        if h not in frank.SKIPPED
    ]


def _build_cnn(stories: list[frank.FrankStory], out: Path) -> int:
    for story in stories:
        _write_case(out, story.slug, story.text, story.labels())
        write_atomic(out / f"{story.slug}{SYSTEMS_SUFFIX}", _dump(story.systems), force=True)
    return len(stories)


def _build_realnews(stories: list[frank.FrankStory], labels_dir: Path, out: Path) -> tuple[int, int]:
    by_slug = {s.slug: s for s in stories}
    files = sorted(labels_dir.glob(f"*{LABELS_SUFFIX}"))
    if not files:
        raise SourceDataError(
            f"{labels_dir}: no hand labels (*{LABELS_SUFFIX}) to build realnews-labelled from"
        )
    quotes = 0
    for path in files:
        slug = path.name[: -len(LABELS_SUFFIX)]
        story = by_slug.get(slug)
        if story is None:
            raise SourceDataError(f"{path}: {slug!r} is not a cnn-dev story")
        try:
            committed = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SourceDataError(f"{path}: cannot read hand labels ({error})", original=error) from error
        labels = realnews.materialise(slug, committed, story.text)
        quotes += len(labels.get("quotes") or [])
        _write_case(out, slug, story.text, labels)
    return len(files), quotes


def build_public_sets(clones_dir: Path, out_dir: Path, labels_dir: Path) -> BuildSummary:
    """Write the three sets under ``out_dir``; every file read is checked against its pin,
    and every written set is loaded back through the eval's own strict label loader."""
    if not clones_dir.is_dir():
        raise SourceDataError(f"{clones_dir}: not a directory of git clones (see evals/public/README.md)")
    summary = BuildSummary(out_dir)
    dirs = {name: _fresh_dir(out_dir / name) for name in SETS}
    summary.documents["conll-dev"] = _build_conll(clones_dir, dirs["conll-dev"])
    stories = _frank_stories(clones_dir)
    summary.documents["cnn-dev"] = _build_cnn(stories, dirs["cnn-dev"])
    summary.documents["realnews-labelled"], summary.quotes = _build_realnews(
        stories, labels_dir, dirs["realnews-labelled"]
    )
    for directory in dirs.values():
        load_cases(directory)  # the same strict loader the eval uses: a bad label fails here
    sources = {
        "conll-dev": {"repo": CONLL.url, "commit": CONLL.commit, "path": conll.VALID_PATH},
        "cnn-dev": {"repo": FRANK.url, "commit": FRANK.commit, "path": frank.ARTICLES_DIR},
        "realnews-labelled": {"labels": str(labels_dir), "text": "cnn-dev"},
    }
    write_atomic(out_dir / "BUILD.json", _dump({"sets": summary.documents, "sources": sources}), force=True)
    return summary
