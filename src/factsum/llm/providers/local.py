"""In-process llama.cpp: the embedded default, constrained by a grammar built from the schema.

llama-cpp-python 0.3.36 does not constrain ``response_format`` schemas that use
``$defs``/``$ref`` (nested pydantic models): the model writes prose after the JSON. So the
schema instructor puts in ``response_format`` is turned into a GBNF grammar here with
``LlamaGrammar.from_json_schema`` and passed as ``grammar=``, which does constrain it.
Grammars are cached per schema: building one costs more than a short generation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from openai.types.chat import ChatCompletion

from factsum.errors import InputTooLongError, ModelFileError
from factsum.llm.providers.completions import make_completion

_MODELS: dict[tuple[str, int, int], Any] = {}


class LocalChat:
    """A raw OpenAI-shaped ``create`` over one loaded GGUF model."""

    def __init__(self, model_path: Path, *, n_ctx: int, n_threads: int | None, label: str) -> None:
        self.label = label
        self.n_ctx = n_ctx
        self._llama = _load(model_path, n_ctx, n_threads or os.cpu_count() or 1)
        self._grammars: dict[str, Any] = {}

    def count_tokens(self, text: str) -> int:
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def grammar_for(self, schema: dict[str, Any]) -> Any:
        from llama_cpp.llama_grammar import LlamaGrammar

        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            self._grammars[key] = LlamaGrammar.from_json_schema(key, verbose=False)
        return self._grammars[key]

    def create(self, **kwargs: Any) -> ChatCompletion:
        response_format = kwargs.get("response_format") or {}
        grammar = None
        if response_format.get("type") == "json_schema":
            grammar = self.grammar_for(response_format["json_schema"]["schema"])
        elif response_format.get("type") == "json_object" and "schema" in response_format:
            grammar = self.grammar_for(response_format["schema"])
        messages = kwargs["messages"]
        max_tokens = int(kwargs.get("max_tokens") or 512)
        prompt_tokens = sum(self.count_tokens(str(m.get("content", ""))) for m in messages)
        if prompt_tokens + max_tokens > self.n_ctx:
            raise InputTooLongError(
                f"the prompt is about {prompt_tokens} tokens and the reply may take {max_tokens}, "
                f"but {self.label} runs with a context of {self.n_ctx} tokens "
                "(raise --n-ctx / FACTSUM_N_CTX, or shorten the article)"
            )
        result = self._llama.create_chat_completion(
            messages=messages,
            grammar=grammar,
            max_tokens=max_tokens,
            temperature=float(kwargs.get("temperature", 0.0)),
            seed=kwargs.get("seed"),
        )
        choice = result["choices"][0]
        usage = result.get("usage") or {}
        return make_completion(
            model=self.label,
            content=choice["message"].get("content") or "",
            prompt_tokens=int(usage.get("prompt_tokens", prompt_tokens)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            finish_reason=choice.get("finish_reason") or "stop",
        )


def _load(path: Path, n_ctx: int, n_threads: int) -> Any:
    """One Llama per (file, context, threads) per process: loading takes seconds."""
    key = (str(path), n_ctx, n_threads)
    if key not in _MODELS:
        try:
            from llama_cpp import Llama
        except ImportError as error:
            raise ModelFileError(
                "the embedded model needs llama-cpp-python: pip install 'factsum[local]'",
                original=error,
            ) from error
        if not path.is_file():
            raise ModelFileError(
                f"model file {path} does not exist (check --model-path / FACTSUM_MODEL_PATH)"
            )
        try:
            _MODELS[key] = Llama(
                model_path=str(path),
                n_ctx=n_ctx,
                n_threads=n_threads,
                n_threads_batch=n_threads,
                n_batch=512,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as error:
            raise ModelFileError(f"llama.cpp could not load {path}: {error}", original=error) from error
    return _MODELS[key]
