from __future__ import annotations

import inspect

import factsum
from factsum import errors

EXPECTED_ALL = [
    "ConfigError", "DateMention", "EvalError", "ExtractionResult", "FactsumError", "Grounding",
    "InputError", "Location", "MatchStatus", "ModelFileError", "NewsFacts", "NumberFact",
    "Organization", "OutputError", "Person", "ProviderError", "Quote", "Settings", "SummaryResult",
    "__version__", "extract", "load_settings", "summarize",
]  # fmt: skip


def test_all_is_exact_and_sorted() -> None:
    assert factsum.__all__ == EXPECTED_ALL
    assert sorted(factsum.__all__) == factsum.__all__
    for name in factsum.__all__:
        assert getattr(factsum, name) is not None
    assert factsum.extract is factsum.api.extract
    assert factsum.ProviderError is errors.ProviderError


def test_every_error_derives_from_factsum_error_and_codes_are_unique() -> None:
    classes = [
        obj for _, obj in inspect.getmembers(errors, inspect.isclass) if obj.__module__ == errors.__name__
    ]
    assert sorted(c.__name__ for c in classes) == sorted(errors.__all__)
    assert len(classes) == 27
    for cls in classes:
        assert issubclass(cls, errors.FactsumError)
    codes = [cls.exit_code for cls in classes]
    assert len(set(codes)) == len(codes)
    assert errors.FactsumError.exit_code == 1
    assert {c.__name__: c.exit_code for c in classes if c.exit_code % 10 == 0} == {
        "InputError": 10, "ConfigError": 20, "ModelFileError": 30, "ProviderError": 40,
        "OutputError": 50, "EvalError": 60, "LogError": 70,
    }  # fmt: skip


def test_error_keeps_original_and_message() -> None:
    cause = ValueError("root")
    error = errors.ProviderUnreachableError("cannot reach", original=cause)
    assert (str(error), error.message, error.original, error.exit_code) == (
        "cannot reach",
        "cannot reach",
        cause,
        41,
    )
