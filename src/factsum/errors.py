"""Every error factsum raises on purpose derives from :class:`FactsumError`.

Errors are grouped by what the caller can do about them; each class carries the
exit code the CLI uses, so scripts can tell failures apart::

    FactsumError                      (1)  root; never raised directly
    ├── InputError                   (10)  fix the article you gave
    │   ├── InputNotFoundError       (11)  the path does not exist
    │   ├── EmptyInputError          (12)  empty or whitespace-only
    │   ├── BinaryInputError         (13)  binary or not UTF-8
    │   ├── InputTooLongError        (14)  longer than the model's context
    │   ├── FetchError               (15)  a URL could not be fetched
    │   ├── NoArticleError           (16)  a page holds no article text
    │   └── UnsupportedContentError  (17)  a response that is not HTML or text
    ├── ConfigError                  (20)  fix a flag, variable or file
    │   ├── SchemaError              (21)  bad --schema
    │   ├── PromptError              (22)  bad prompt file or --prompt
    │   ├── MissingCredentialsError  (23)  no API key for a remote model
    │   └── UnknownModelError        (24)  --model names nothing we know
    ├── ModelFileError               (30)  embedded weights missing or corrupt
    ├── ProviderError                (40)  the model server failed
    │   ├── ProviderUnreachableError (41)  refused / DNS / timed out after retries
    │   ├── ProviderAuthError        (42)  the server rejected the key
    │   ├── RateLimitedError         (43)  still 429 after retries
    │   └── InvalidModelOutputError  (44)  no schema-valid reply after re-asks
    ├── OutputError                  (50)  refused to write (exists, no --force)
    ├── EvalError                    (60)  eval set or gate problem
    │   ├── LabelsError              (61)  malformed labels / missing article
    │   ├── UnknownMetricError       (62)  --fail-under names no metric
    │   ├── GateFailedError          (63)  a metric fell below --fail-under
    │   └── SourceDataError          (64)  a public data clone is missing or does not match its pin
    └── LogError                     (70)  the call log cannot be read (no such run, not a log)

Provider code wraps third-party exceptions exactly once and keeps the original
on ``.original`` so a debug traceback still shows the root cause.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "ConfigError",
    "EmptyInputError",
    "EvalError",
    "FactsumError",
    "FetchError",
    "GateFailedError",
    "InputError",
    "InputNotFoundError",
    "InputTooLongError",
    "InvalidModelOutputError",
    "LabelsError",
    "LogError",
    "MissingCredentialsError",
    "ModelFileError",
    "NoArticleError",
    "OutputError",
    "PromptError",
    "ProviderAuthError",
    "ProviderError",
    "ProviderUnreachableError",
    "RateLimitedError",
    "SchemaError",
    "SourceDataError",
    "UnknownMetricError",
    "UnknownModelError",
    "UnsupportedContentError",
]


class FactsumError(Exception):
    """Root of every deliberate factsum failure."""

    exit_code: int = 1

    def __init__(self, message: str, *, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.original = original

    def __str__(self) -> str:
        return self.message


class InputError(FactsumError):
    exit_code = 10


class InputNotFoundError(InputError):
    exit_code = 11


class EmptyInputError(InputError):
    exit_code = 12


class BinaryInputError(InputError):
    exit_code = 13


class InputTooLongError(InputError):
    exit_code = 14


class FetchError(InputError):
    exit_code = 15


class NoArticleError(InputError):
    exit_code = 16


class UnsupportedContentError(InputError):
    exit_code = 17


class ConfigError(FactsumError):
    exit_code = 20


class SchemaError(ConfigError):
    exit_code = 21


class PromptError(ConfigError):
    exit_code = 22


class MissingCredentialsError(ConfigError):
    exit_code = 23


class UnknownModelError(ConfigError):
    exit_code = 24


class ModelFileError(FactsumError):
    exit_code = 30


class ProviderError(FactsumError):
    exit_code = 40


class ProviderUnreachableError(ProviderError):
    exit_code = 41


class ProviderAuthError(ProviderError):
    exit_code = 42


class RateLimitedError(ProviderError):
    exit_code = 43


class InvalidModelOutputError(ProviderError):
    exit_code = 44


class OutputError(FactsumError):
    exit_code = 50


class EvalError(FactsumError):
    exit_code = 60


class LabelsError(EvalError):
    exit_code = 61


class UnknownMetricError(EvalError):
    exit_code = 62


class GateFailedError(EvalError):
    exit_code = 63


class SourceDataError(EvalError):
    exit_code = 64


class LogError(FactsumError):
    exit_code = 70
