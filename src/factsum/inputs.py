"""Read an article from a path or stdin, refusing what is not a readable text article."""

from __future__ import annotations

import sys
from pathlib import Path

from factsum.errors import BinaryInputError, EmptyInputError, InputNotFoundError

STDIN = "-"


def read_article(source: str) -> tuple[str, str]:
    """``(text, label)``: the article and a name for it in messages."""
    if source == STDIN:
        data, label = sys.stdin.buffer.read(), "<stdin>"
    else:
        path = Path(source)
        if not path.is_file():
            what = "is a directory" if path.is_dir() else "does not exist"
            raise InputNotFoundError(f"input {source} {what}")
        data, label = path.read_bytes(), source
    return decode_article(data, label), label


def decode_article(data: bytes, label: str) -> str:
    if b"\x00" in data[:8192]:
        raise BinaryInputError(f"{label} looks binary (NUL bytes); factsum reads UTF-8 text articles")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BinaryInputError(
            f"{label} is not UTF-8 (byte {error.start}): convert it first, e.g. iconv -t UTF-8"
        ) from error
    if not text.strip():
        raise EmptyInputError(f"{label} is empty or whitespace only: nothing to summarise")
    return text.replace("\r\n", "\n")
