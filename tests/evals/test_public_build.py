"""The public dev-set build, on small git repositories made here in the real layouts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from factsum.errors import SourceDataError
from factsum.evals.cases import load_cases
from factsum.evals.public import build as build_module
from factsum.evals.public import conll, frank, realnews
from factsum.evals.public.detokenize import detokenize, detokenize_ptb
from factsum.evals.public.sources import PinnedRepo, blob_id, find_clone

ROOT = Path(__file__).resolve().parents[2]
STORY_SENTENCE = (
    "Officials in Belgrade said on Friday that Ljubomir Acimovic of the Yugoslav agency Tanjug will "
    "meet Amra Kevic in Sarajevo to discuss the airport plan next week ."
)


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _commit(repo: Path, files: dict[str, bytes]) -> str:
    repo.mkdir(parents=True)
    _git(repo, "init", "-q")
    for path, data in files.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_bytes(data)
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "data")
    return _git(repo, "rev-parse", "HEAD")


def _conll_tokens() -> str:
    tags = {"Belgrade": "B-LOC", "Ljubomir": "B-PER", "Acimovic": "I-PER", "Tanjug": "B-ORG",
            "Amra": "B-PER", "Kevic": "I-PER", "Sarajevo": "B-LOC", "Yugoslav": "B-MISC"}  # fmt: skip
    story = ["-DOCSTART- O", "", "AIRPORT PLAN TALKS IN SARAJEVO .".replace(" ", " O\n") + " O", "",
             "BELGRADE B-LOC", "1996-08-30 O", ""]  # fmt: skip
    for _ in range(8):
        story += [f"{t} {tags.get(t, 'O')}" for t in STORY_SENTENCE.split()] + [""]
    story += ["Acimovic B-PER", "said O", ". O", ""]
    table = ["-DOCSTART- O", "", "SOCCER O", "- O", "RESULTS O", ". O", ""]
    table += [f"Team{i} B-ORG\n{i} O\n{i + 1} O\n" for i in range(60)]
    return "\n".join([*story, *table]) + "\n"


def _frank_story(outlet: str) -> dict[str, Any]:
    return {
        "id": f"{outlet}-test-abc",
        "url": "http://example.org/story",
        "article_lines": ["Jane Roe, the mayor, said: “We will rebuild.”", "  ", "Work starts in May."],
        "bart_reference": "Mayor Jane Roe says the town will rebuild . Work starts in May .",
        "bart_cased": "Jane Roe says the town will rebuild .",
        **{key: "the town will rebuild ." for key in ("bert_sum", "pgn", "bus", "s2s")},
    }


@pytest.fixture
def clones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "clones"
    valid = _conll_tokens().encode("utf-8")
    conll_commit = _commit(root / "Named-Entity-Recognition", {conll.VALID_PATH: valid})
    story = json.dumps(_frank_story("cnn")).encode("utf-8")
    bbc = json.dumps({"article": "x", "article_lines": ["x"]}).encode("utf-8")
    frank_commit = _commit(
        root / "frank",
        {f"{frank.ARTICLES_DIR}/aaaa1111bbbb.json": story, f"{frank.ARTICLES_DIR}/1234.json": bbc},
    )
    monkeypatch.setattr(
        build_module, "CONLL", PinnedRepo("heathher", "Named-Entity-Recognition", conll_commit)
    )
    monkeypatch.setattr(build_module, "FRANK", PinnedRepo("artidoro", "frank", frank_commit))
    monkeypatch.setattr(conll, "VALID_BLOB", blob_id(valid))
    monkeypatch.setattr(frank, "manifest", lambda: {"stories": {"aaaa1111bbbb": blob_id(story)}})
    return root


def _hand_labels(directory: Path) -> Path:
    directory.mkdir()
    text = "Jane Roe, the mayor, said: “We will rebuild.”\n\nWork starts in May.\n"
    labels = {"id": "cnn-aaaa1111bb", "people": [{"name": "Jane Roe", "aliases": [], "role": "mayor"}],
              "organizations": [], "locations": [], "dates": [{"text": "May"}], "numbers": [],
              "quotes": [{"speaker": "Jane Roe", "text": "We will rebuild."}]}  # fmt: skip
    frozen = realnews.freeze_quotes(labels, text)
    (directory / "cnn-aaaa1111bb.labels.json").write_text(json.dumps(frozen), encoding="utf-8")
    return directory


def test_build_writes_three_loadable_sets(clones: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = build_module.build_public_sets(clones, out, _hand_labels(tmp_path / "hand"))
    assert summary.documents == {"conll-dev": 1, "cnn-dev": 1, "realnews-labelled": 1}
    (case,) = load_cases(out / "conll-dev")
    assert case.id == "conll-valid-000"  # the results table (document 1) is not a story
    assert case.labels.people is not None and case.labels.locations is not None
    people = {p.name: p.aliases for p in case.labels.people}
    assert people == {"Ljubomir Acimovic": ["Acimovic"], "Amra Kevic": []}
    assert {loc.name: loc.aliases for loc in case.labels.locations} == {
        "Belgrade": ["BELGRADE"],
        "Sarajevo": [],
    }
    assert case.labels.dates is None and case.labels.quotes is None  # only entities are labelled
    (story,) = load_cases(out / "cnn-dev")
    assert story.text == "Jane Roe, the mayor, said: “We will rebuild.”\n\nWork starts in May.\n"
    assert story.labels.key_points == ["Mayor Jane Roe says the town will rebuild.", "Work starts in May."]
    systems = json.loads((out / "cnn-dev" / "cnn-aaaa1111bb.systems.json").read_text(encoding="utf-8"))
    assert systems["BART"] == "Jane Roe says the town will rebuild." and set(systems) == set(
        frank.SYSTEMS.values()
    )
    (labelled,) = load_cases(out / "realnews-labelled")
    assert labelled.labels.quotes is not None and labelled.labels.quotes[0].text == "We will rebuild."


def test_a_file_that_is_not_the_pinned_blob_is_refused(
    clones: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conll, "VALID_BLOB", "0" * 40)
    with pytest.raises(SourceDataError, match="pinned 0000"):
        build_module.build_public_sets(clones, tmp_path / "out", _hand_labels(tmp_path / "hand"))


def test_a_missing_clone_names_the_git_clone_command(tmp_path: Path) -> None:
    with pytest.raises(SourceDataError, match=r"git clone https://github.com/artidoro/frank"):
        find_clone(tmp_path, frank_pin())


def frank_pin() -> PinnedRepo:
    from factsum.evals.public.sources import FRANK

    return FRANK


def test_hand_labels_must_be_in_the_text(clones: Path, tmp_path: Path) -> None:
    hand = _hand_labels(tmp_path / "hand")
    path = hand / "cnn-aaaa1111bb.labels.json"
    labels = json.loads(path.read_text(encoding="utf-8"))
    labels["people"].append({"name": "Ken", "aliases": []})  # inside no word of the text
    path.write_text(json.dumps(labels), encoding="utf-8")
    with pytest.raises(SourceDataError, match="'Ken'"):
        build_module.build_public_sets(clones, tmp_path / "out", hand)


def test_freeze_then_materialise_round_trips_repeated_quotes() -> None:
    text = "“Go,” Ann said. Later: “Go,” Bo said.\n"
    labels = {"quotes": [{"speaker": "Ann", "text": "Go,"}, {"speaker": "Bo", "text": "Go,"}]}
    frozen = realnews.freeze_quotes(labels, text)
    assert [(q["start"], q["end"]) for q in frozen["quotes"]] == [(1, 4), (24, 27)]
    assert realnews.materialise("x", frozen, text)["quotes"] == labels["quotes"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["He", "said", "``", "no", "''", "."], 'He said "no".'),
        (["Israel", "'s", "pilgrims", "'", "progress", "."], "Israel's pilgrims' progress."),
        (["(", "CNN", ")", "--", "It", "is", "n't", "over", ","], "(CNN) — It isn't over,"),
        (["a", '"', "b", "c", '"', "d"], 'a "b c" d'),
    ],
)
def test_detokenize(tokens: list[str], expected: str) -> None:
    text, spans = detokenize(tokens)
    assert text == expected
    assert [text[a:b] for a, b in spans if text[a:b] not in ('"', "—", "(", ")")] == [
        t for t in tokens if t not in ("``", "''", '"', "--", "(", ")")
    ]


def test_ptb_highlights_are_detokenised() -> None:
    assert detokenize_ptb("Locke 's first six games in charge .") == "Locke's first six games in charge."


def test_committed_hand_labels_hold_no_quote_text() -> None:
    """Quotes are sentences of third-party stories: committed labels carry spans only."""
    files = sorted((ROOT / "evals" / "public" / "realnews-labelled").glob("*.labels.json"))
    assert len(files) >= 12
    quotes = 0
    for path in files:
        labels = json.loads(path.read_text(encoding="utf-8"))
        for quote in labels.get("quotes", []):
            assert set(quote) <= {"speaker", "start", "end"}, path.name
            quotes += 1
    assert quotes >= 80


def test_frank_lines_get_their_stranded_quotation_marks_back() -> None:
    lines = ["He said he would look at it. ‘", "As a player I did it all.", "He was a “guerilla satirist.",
             "” The Times agreed.", "'", "I don't like getting old.'"]  # fmt: skip
    assert frank.repair_lines(lines) == (
        "He said he would look at it.", "‘As a player I did it all.", "He was a “guerilla satirist.”",
        "The Times agreed.", "'I don't like getting old.'",
    )  # fmt: skip


def test_frank_lines_broken_mid_sentence_are_joined() -> None:
    lines = [
        "The country must repay a loan on Thursday",
        "but there were concerns.",
        "I don't want this",
        ", or that.",
    ]
    assert frank.repair_lines(lines) == (
        "The country must repay a loan on Thursday but there were concerns.", "I don't want this, or that.",
    )  # fmt: skip


def test_no_tracked_file_holds_a_run_of_story_text() -> None:
    """No eight-word run of any built story (conll-dev, cnn-dev) stands in a file git tracks."""
    data = ROOT / "evals" / "public" / "data"
    stories = sorted((data / "cnn-dev").glob("*.txt")) + sorted((data / "conll-dev").glob("*.txt"))
    if not stories:
        pytest.skip("the public sets are not built (make eval-data)")
    tracked = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True)
    corpus = []
    for name in tracked.stdout.split():
        path = ROOT / name
        if path.suffix in {".py", ".md", ".json", ".jsonl", ".toml", ".txt"} and path.is_file():
            corpus.append(" ".join(path.read_text(encoding="utf-8", errors="replace").split()))
    everything = "\n".join(corpus)
    leaks = []
    for story in stories:
        words = story.read_text(encoding="utf-8").split()
        runs = (" ".join(words[i : i + 8]) for i in range(0, max(0, len(words) - 8), 3))
        leaks += [f"{story.name}: {run}" for run in runs if run in everything][:1]
    assert not leaks, leaks
