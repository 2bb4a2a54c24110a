"""The one seam between factsum and language models.

Pipelines depend only on :class:`LLMClient` (``base``); providers live behind it in
``providers/`` and are chosen by ``registry.open_client`` from a model spec such as
``local:qwen2.5-coder-1.5b`` or ``openai:gpt-4o-mini``.
"""

from factsum.llm.base import LLMClient, Message

__all__ = ["LLMClient", "Message"]
