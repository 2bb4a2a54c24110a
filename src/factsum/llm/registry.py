"""Model specs -> clients. The one place that knows every provider.

Spec forms: ``local:qwen2.5-coder-1.5b``, ``local:qwen2.5-coder-0.5b``, ``local:/path/x.gguf``
(or ``--model-path``), ``openai:gpt-4o-mini``, ``openai:llama3.1`` with ``--base-url``, and
``rules-only``: no model at all, the eval's comparison row for what the rules alone find.
A bare name is read as ``local:`` when it names an embedded model, else ``openai:``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from factsum.config import Settings
from factsum.errors import MissingCredentialsError, UnknownModelError
from factsum.llm.client import InstructorClient, RawCreate

PROVIDERS = ("local", "openai")
RULES_ONLY = "rules-only"


@dataclass(frozen=True)
class ModelChoice:
    spec: str
    provider: str
    description: str
    status: str


def parse_spec(spec: str) -> tuple[str, str]:
    from factsum.llm.providers.weights import EMBEDDED_MODELS

    if spec == RULES_ONLY:
        return "null", RULES_ONLY
    provider, sep, name = spec.partition(":")
    if not sep:
        provider, name = ("local", spec) if spec in EMBEDDED_MODELS else ("openai", spec)
    if provider not in PROVIDERS or not name:
        raise UnknownModelError(
            f"unknown model {spec!r}: use local:NAME, local:/path/model.gguf, openai:NAME or {RULES_ONLY} "
            "(see `factsum models`)"
        )
    return provider, name


def open_client(settings: Settings) -> InstructorClient:
    provider, name = parse_spec(settings.model)
    if provider == "null":
        from factsum.llm.providers.null import open_null

        return open_null()
    if provider == "local":
        return _open_local(settings)
    return _open_remote(settings, name)


def local_model_file(settings: Settings) -> tuple[Path, str]:
    """``(GGUF path, label)`` of the local model ``settings`` name, its weights verified.

    Raises ``UnknownModelError`` for a spec that is not a local model."""
    from factsum.llm.providers.weights import EMBEDDED_MODELS, ensure_weights

    provider, name = parse_spec(settings.model)
    if provider != "local":
        raise UnknownModelError(f"{settings.model} is not a local model (local:NAME or local:/path.gguf)")
    if settings.model_path is not None:
        return settings.model_path, f"local:{settings.model_path.name}"
    if name in EMBEDDED_MODELS:
        return ensure_weights(EMBEDDED_MODELS[name], settings.cache_dir), f"local:{name}"
    if name.endswith(".gguf"):
        return Path(name), f"local:{Path(name).name}"
    known = ", ".join(f"local:{m}" for m in EMBEDDED_MODELS)
    raise UnknownModelError(f"no embedded model {name!r}: choose {known} or local:/path/to/model.gguf")


def _open_local(settings: Settings) -> InstructorClient:
    from factsum.llm.providers.local import LocalChat

    path, label = local_model_file(settings)
    chat = LocalChat(path, n_ctx=settings.n_ctx, n_threads=settings.n_threads, label=label)
    return _instructor(settings, label, chat.create, model_id=label, token_counter=chat.count_tokens)


def _instructor(
    settings: Settings,
    name: str,
    create: RawCreate,
    *,
    model_id: str,
    token_counter: Callable[[str], int],
    on_close: Callable[[], None] | None = None,
) -> InstructorClient:
    """The one client every provider is wrapped in; its sampling and re-asks from ``settings``.

    The context window is ``n_ctx`` for both kinds: the embedded model's own, and for a server
    (which does not say its context) the user's word for it, so a long article is chunked to
    fit either way (the README promises that)."""
    return InstructorClient(
        name,
        create,
        model_id=model_id,
        context_window=settings.n_ctx,
        token_counter=token_counter,
        temperature=settings.temperature,
        seed=settings.seed,
        max_reasks=settings.max_reasks,
        on_close=on_close,
    )


def _open_remote(settings: Settings, name: str) -> InstructorClient:
    from factsum.llm.providers.remote import RemoteChat, estimate_tokens

    api_key = settings.api_key.get_secret_value() if settings.api_key else None
    if api_key is None:
        if settings.base_url is None:
            raise MissingCredentialsError(
                f"openai:{name} needs an API key: set OPENAI_API_KEY (or FACTSUM_API_KEY, or --api-key), "
                "or point --base-url at a local OpenAI-compatible server"
            )
        api_key = "not-needed"  # local servers (Ollama, vLLM, llama.cpp) accept any key
    chat = RemoteChat(
        model=name,
        base_url=settings.base_url,
        api_key=api_key,
        timeout=settings.timeout,
        retries=settings.retries,
        backoff=settings.backoff,
        n_ctx=settings.n_ctx,
    )
    return _instructor(
        settings,
        f"openai:{name}",
        chat.create,
        model_id=name,
        token_counter=estimate_tokens,
        on_close=chat.close,
    )


def list_models(settings: Settings) -> list[ModelChoice]:
    from factsum.llm.providers.weights import DEFAULT_EMBEDDED, EMBEDDED_MODELS, status

    choices = [
        ModelChoice(
            f"local:{m.name}",
            "local",
            m.description + (" [default]" if m.name == DEFAULT_EMBEDDED else ""),
            status(m, settings.cache_dir),
        )
        for m in EMBEDDED_MODELS.values()
    ]
    if settings.model_path is not None:
        ready = "ready" if settings.model_path.is_file() else "missing file"
        choices.append(ModelChoice(f"local:{settings.model_path}", "local", "GGUF from --model-path", ready))
    key = "API key set" if settings.api_key else "needs OPENAI_API_KEY or --base-url"
    choices.append(ModelChoice("openai:MODEL", "openai", "OpenAI API, e.g. openai:gpt-4o-mini", key))
    where = settings.base_url or "set --base-url"
    choices.append(
        ModelChoice(
            "openai:MODEL --base-url URL",
            "openai",
            "any OpenAI-compatible server (Ollama, vLLM, LM Studio, llama.cpp)",
            where,
        )
    )
    choices.append(ModelChoice(RULES_ONLY, "none", "no model: what factsum's rules find alone", "ready"))
    return choices
