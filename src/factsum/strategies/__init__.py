"""Strategies: how a pipeline uses the model. Each turns an article into facts or a summary.

``single``: one constrained call fills the whole schema (works for any schema).
``focused``: deterministic candidates (names, quotation marks, dates, numbers) and one small
constrained call per fact type that only labels or attributes them (news schema only).
``compress`` (summaries): the article's key sentences, each shortened by deletion only.
"""
