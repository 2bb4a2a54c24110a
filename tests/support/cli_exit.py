"""Run the factsum CLI in-process and return its exit code (typer always ends in SystemExit)."""

from __future__ import annotations

import pytest


def exit_code(argv: list[str]) -> int:
    from factsum.cli import main

    with pytest.raises(SystemExit) as excinfo:
        main(argv)
    code = excinfo.value.code
    return code if isinstance(code, int) else 1
