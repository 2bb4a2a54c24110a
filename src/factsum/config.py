"""Settings, resolved in one place: flag > environment > config file > default.

The config file is TOML (``$FACTSUM_CONFIG``, else ``~/.config/factsum/config.toml``) with
the same keys as :class:`Settings`. ``settings_id`` hashes only what changes model output,
so caches and result stamps stay valid across, say, a different timeout.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from factsum.errors import ConfigError

DEFAULT_MODEL = "local:qwen2.5-coder-1.5b"

ENVIRONMENT: dict[str, str] = {
    "model": "FACTSUM_MODEL",
    "base_url": "FACTSUM_BASE_URL",
    "api_key": "FACTSUM_API_KEY",
    "model_path": "FACTSUM_MODEL_PATH",
    "cache_dir": "FACTSUM_CACHE_DIR",
    "n_ctx": "FACTSUM_N_CTX",
    "n_threads": "FACTSUM_N_THREADS",
    "timeout": "FACTSUM_TIMEOUT",
    "log": "FACTSUM_LOG",
    "log_path": "FACTSUM_LOG_PATH",
}
# Read when FACTSUM_* is not set, as the OpenAI SDK users expect.
FALLBACK_ENVIRONMENT: dict[str, str] = {"api_key": "OPENAI_API_KEY", "base_url": "OPENAI_BASE_URL"}

_OUTPUT_AFFECTING = (
    "model",
    "base_url",
    "model_path",
    "temperature",
    "seed",
    "max_tokens",
    "max_reasks",
    "n_ctx",  # sets the chunk windows of a long article, so it changes the result
)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factsum"


def default_log_path() -> Path:
    """The call log lives with the user's data, as llm's ``logs.db`` does (not in the cache:
    clearing a cache should not erase the record of what was sent to a model)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "factsum" / "logs.db"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    model_path: Path | None = None
    cache_dir: Path = Field(default_factory=default_cache_dir)
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int | None = 0
    max_tokens: int = Field(default=1024, gt=0, description="cap on each reply's tokens")
    max_reasks: int = Field(default=2, ge=0)
    retries: int = Field(default=3, ge=0, description="transport retries for remote servers")
    backoff: float = Field(default=0.5, ge=0.0)
    timeout: float = Field(default=120.0, gt=0)
    n_ctx: int = Field(default=8192, ge=512)
    n_threads: int | None = Field(default=None, ge=1, description="llama.cpp threads (default: one per core)")
    log: bool = Field(default=True, description="record every model call in the SQLite log")
    log_path: Path = Field(default_factory=default_log_path)

    @property
    def settings_id(self) -> str:
        relevant = {k: getattr(self, k) for k in _OUTPUT_AFFECTING}
        blob = json.dumps(relevant, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


def config_file_path(environ: Mapping[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    explicit = environ.get("FACTSUM_CONFIG")
    if explicit:
        return Path(explicit)
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "factsum" / "config.toml"


def how_to_set(key: str) -> str:
    """Where a user changes setting ``key`` whatever the command: its variable, the config file.

    Messages from below the CLI name these rather than a flag: not every command has every
    flag (``timeout`` and ``max_reasks`` have none), and library callers have no flags at all.
    """
    places = [ENVIRONMENT[key]] if key in ENVIRONMENT else []
    places.append(f"{key} = ... in {config_file_path()}")
    return " or ".join(places)


def load_settings(flags: dict[str, Any] | None = None, *, environ: dict[str, str] | None = None) -> Settings:
    """Merge the sources; ``flags`` with value None count as not given."""
    environ = dict(os.environ) if environ is None else environ
    merged: dict[str, Any] = {}
    path = config_file_path(environ)
    if path.is_file():
        try:
            merged.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConfigError(f"config file {path} is not valid TOML: {error}") from error
    for key, variable in FALLBACK_ENVIRONMENT.items():
        if environ.get(variable):
            merged[key] = environ[variable]
    for key, variable in ENVIRONMENT.items():
        if environ.get(variable):
            merged[key] = environ[variable]
    merged.update({k: v for k, v in (flags or {}).items() if v is not None})
    try:
        return Settings.model_validate(merged)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(p) for p in problem["loc"])
        raise ConfigError(
            f"setting {where!r}: {problem['msg']} (from a flag, {ENVIRONMENT.get(where, 'the environment')}"
            f" or {path})"
        ) from error
