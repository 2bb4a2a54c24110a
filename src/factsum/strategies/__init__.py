"""Extraction strategies. Each turns an article into schema facts with a model's help.

``single``: one constrained call fills the whole schema (works for any schema).
``focused``: deterministic candidates (names, quotation marks, dates, numbers) and one small
constrained call per fact type that only labels or attributes them (news schema only).
"""
