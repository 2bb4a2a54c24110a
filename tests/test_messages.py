"""Every flag a message tells the user to pass exists (issue 11, case 7).

Error messages below the CLI once said "raise --timeout" and "raise --max-reasks", flags no
command has; they now name the setting's variable and the config file (``config.how_to_set``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import typer

from factsum.cli import app
from factsum.config import ENVIRONMENT, how_to_set

SRC = Path(__file__).resolve().parents[1] / "src" / "factsum"
# flags of other tools that messages quote on purpose (pip, git)
OTHER_TOOLS = {"--force-reinstall", "--depth"}
BUILT_IN = {"--help"}  # click adds it to every command
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


def cli_flags() -> set[str]:
    flags: set[str] = set()

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            flags.update(o for o in param.opts + param.secondary_opts if o.startswith("--"))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    return flags


def flags_in_strings(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(_FLAG.findall(node.value))
    return found


def test_every_flag_a_message_names_exists() -> None:
    known = cli_flags() | OTHER_TOOLS | BUILT_IN
    named = {
        (str(path.relative_to(SRC)), flag)
        for path in SRC.rglob("*.py")
        if path.name not in ("render_html.py", "html_report.py")  # CSS custom properties (--ink), not flags
        for flag in flags_in_strings(path)
    }
    assert sorted((where, flag) for where, flag in named if flag not in known) == []


def test_how_to_set_names_the_variable_and_the_config_file() -> None:
    assert how_to_set("timeout").startswith(f"{ENVIRONMENT['timeout']} or timeout = ... in ")
    assert how_to_set("max_reasks").startswith("max_reasks = ... in ")
    assert how_to_set("max_reasks").endswith("config.toml")
