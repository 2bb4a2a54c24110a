"""Public, human-labelled dev sets built from pinned git clones; see evals/public/README.md."""

from factsum.evals.public.build import SETS, BuildSummary, build_public_sets

__all__ = ["SETS", "BuildSummary", "build_public_sets"]
