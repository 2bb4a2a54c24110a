"""Strategies: how a pipeline uses the model. Each turns an article into facts or a summary.

Extraction (task ``extract``):
``single``: one constrained call fills the whole schema (works for any schema).
``focused``: deterministic candidates (names, quotation marks, dates, numbers) and one small
constrained call per fact type that only labels or attributes them (news schema only).

Summaries (task ``summarize``):
``extract``: the article's own sentences, the lede first (a model may pick the rest).
``compress``: the article's key sentences, each shortened by deletion only.
``summary``: one free-text call (map-reduced when the article is too long).

Each module declares its ``TASK``, its ``NAME`` and its ``STEPS`` (the prompt steps and the
variables it fills: the prompt-file contract in :data:`factsum.prompts.STRATEGIES`, checked
when a prompt file loads, below this layer) and one entry point of its task's shape
(:mod:`.base`: a request in, facts or a draft out). A pipeline looks its strategy up by the
prompt's name for it in its task's registry: :func:`.extractors.get_extract_strategy` or
:func:`.summarizers.get_summary_strategy`. Two registries, not one, so that the extraction
pipeline never imports summary-only code (the eval cache's extract key relies on that).
"""
