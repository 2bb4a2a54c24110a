from __future__ import annotations

import io
import types
from pathlib import Path

import pytest

from factsum.errors import BinaryInputError, EmptyInputError, InputNotFoundError, OutputError
from factsum.inputs import read_article
from factsum.outputs import write_atomic


def test_reads_file_and_normalises_newlines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfHello\r\nworld\r\n")
    assert read_article(str(path)) == ("Hello\nworld\n", str(path))


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="does not exist") as excinfo:
        read_article(str(tmp_path / "nope.txt"))
    assert excinfo.value.exit_code == 11


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="is a directory"):
        read_article(str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_whitespace(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInputError) as excinfo:
        read_article(str(path))
    assert excinfo.value.exit_code == 12
    assert str(path) in str(excinfo.value)


def test_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "b.bin"
    path.write_bytes(b"text\x00more")
    with pytest.raises(BinaryInputError, match="NUL bytes") as excinfo:
        read_article(str(path))
    assert excinfo.value.exit_code == 13


def test_latin1_bytes(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_bytes("Caf\u00e9 au lait".encode("latin-1"))
    with pytest.raises(BinaryInputError, match=r"not UTF-8 \(byte 3\)"):
        read_article(str(path))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO("Kim \u2019s\r\n".encode())))
    assert read_article("-") == ("Kim \u2019s\n", "<stdin>")


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", types.SimpleNamespace(buffer=io.BytesIO(b"  ")))
    with pytest.raises(EmptyInputError, match="<stdin>"):
        read_article("-")


def test_write_new_file(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_atomic(path, "{}\n")
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_refuses_existing_without_force(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists; pass --force") as excinfo:
        write_atomic(path, "new")
    assert excinfo.value.exit_code == 50
    assert path.read_text(encoding="utf-8") == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_overwrites_with_force_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    write_atomic(path, "new", force=True)
    assert path.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "out.json", "x")


def test_written_files_get_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    import os

    previous = os.umask(0o022)
    try:
        path = tmp_path / "out.json"
        write_atomic(path, "{}\n")
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o600)
        write_atomic(path, "{}\n", force=True)  # an overwrite keeps the file's own mode
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(previous)
