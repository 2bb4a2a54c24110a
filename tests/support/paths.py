"""Where the checkout's test inputs are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
KIM_PATH = SEEDS / "kim-beijing-parade.txt"
