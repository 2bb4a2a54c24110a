"""``python tests/support/fake_cli.py ARGS...``, the checkout on PYTHONPATH: the factsum CLI on
the scripted fake model, in a child
process (for tests that need a real terminal: a pseudo-terminal on stderr).

Every reply is read from the requested schema (``fake_model.answer_from_schema``); each call
sleeps ``FAKE_DELAY`` seconds (default 0.2) so a progress display has time to draw.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from tests.support.fake_model import answer_from_schema

import factsum.api
from factsum.cli import main
from factsum.llm.providers.fake import FakeChat, open_fake


def slow_answer(kwargs: dict[str, Any]) -> dict[str, Any]:
    time.sleep(float(os.environ.get("FAKE_DELAY", "0.2")))
    return answer_from_schema(kwargs)


if __name__ == "__main__":
    chat = FakeChat().enqueue(*[slow_answer] * 20)
    factsum.api.open_client = lambda settings: open_fake(chat)  # type: ignore[assignment]
    main(sys.argv[1:])
