"""Build OpenAI-shaped ChatCompletion objects for providers that are not the OpenAI SDK."""

from __future__ import annotations

import time
import uuid

from openai.types.chat import ChatCompletion


def make_completion(
    *, model: str, content: str, prompt_tokens: int, completion_tokens: int, finish_reason: str
) -> ChatCompletion:
    return ChatCompletion.model_validate(
        {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
    )
