"""factsum: faithful summaries and source-grounded facts from news articles.

>>> from factsum import extract, summarize
>>> result = extract(open("article.txt").read())
>>> result.facts.people[0].grounding   # typed NewsFacts: char span + match status
"""

from factsum._version import __version__
from factsum.api import extract, summarize
from factsum.config import Settings, load_settings
from factsum.errors import (
    ConfigError,
    EvalError,
    FactsumError,
    InputError,
    ModelFileError,
    OutputError,
    ProviderError,
)
from factsum.schemas import (
    DateMention,
    ExtractionResult,
    Grounding,
    Location,
    MatchStatus,
    NewsFacts,
    NumberFact,
    Organization,
    Person,
    Quote,
    SummaryResult,
)

__all__ = [
    "ConfigError",
    "DateMention",
    "EvalError",
    "ExtractionResult",
    "FactsumError",
    "Grounding",
    "InputError",
    "Location",
    "MatchStatus",
    "ModelFileError",
    "NewsFacts",
    "NumberFact",
    "Organization",
    "OutputError",
    "Person",
    "ProviderError",
    "Quote",
    "Settings",
    "SummaryResult",
    "__version__",
    "extract",
    "load_settings",
    "summarize",
]
