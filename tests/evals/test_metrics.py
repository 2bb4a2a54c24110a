from __future__ import annotations

import json
from typing import Any

import pytest

from factsum.evals.cases import DateLabel, EntityLabel, Labels, NumberLabel, PersonLabel, QuoteLabel
from factsum.evals.metrics import (
    METRIC_NAMES,
    Accuracy,
    Coverage,
    aggregate,
    attribution_accuracy,
    iso_accuracy,
    key_point_coverage,
    normalize,
    role_accuracy,
    rouge_l,
    score_dates,
    score_document,
    score_entities,
    score_numbers,
    score_quotes,
    unit_accuracy,
)


def people(*specs: dict[str, Any]) -> list[PersonLabel]:
    return [PersonLabel.model_validate(s) for s in specs]


def names(*values: str) -> list[dict[str, Any]]:
    return [{"name": v} for v in values]


def dates(*specs: dict[str, Any]) -> list[DateLabel]:
    return [DateLabel.model_validate(s) for s in specs]


def quotes(*specs: dict[str, Any]) -> list[QuoteLabel]:
    return [QuoteLabel.model_validate(s) for s in specs]


def numbers(*specs: dict[str, Any]) -> list[NumberLabel]:
    return [NumberLabel.model_validate(s) for s in specs]


# ---------------------------------------------------------------- normalize


def test_normalize_folds_case_and_diacritics() -> None:
    assert normalize("Zürich CAFÉ Straße") == "zurich cafe strasse"


def test_normalize_removes_punctuation_curly_quotes_and_extra_space() -> None:
    assert normalize("  “U.S.”   officials’\tview! ") == "us officials view"


def test_normalize_dashes_and_slashes_separate_words() -> None:
    assert normalize("Kim Jong\u2011un \u2013 and/or") == "kim jong un and or"


# ---------------------------------------------------------------- entities


def test_entity_matches_gold_alias() -> None:
    gold = people({"name": "Kim Jong Un", "aliases": ["Kim"]})
    score = score_entities(gold, names("kim"))
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)
    assert score.matched == [(gold[0], {"name": "kim"})]


def test_entity_matches_across_diacritics_and_punctuation() -> None:
    gold = [EntityLabel(name="Masoud Pezeshkian"), EntityLabel(name="U.S. Army")]
    score = score_entities(gold, names("MASOUD PEZESHKIÁN", "US Army"))
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_duplicate_prediction_is_spurious() -> None:
    gold = people({"name": "Xi Jinping", "aliases": ["Xi"]})
    score = score_entities(gold, names("Xi Jinping", "Xi"))
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)
    assert (score.precision, score.recall, score.f1) == (0.5, 1.0, 2 / 3)
    assert score.spurious == [{"name": "Xi"}]


def test_name_match_is_preferred_over_alias_match() -> None:
    # Taking "Kim" as Kim Jong Un's alias first would leave his full name unmatched.
    gold = people({"name": "Kim Jong Un", "aliases": ["Kim"]}, {"name": "Kim"})
    score = score_entities(gold, names("Kim", "Kim Jong Un"))
    assert score.tp == 2
    assert [(g.name, p["name"]) for g, p in score.matched] == [
        ("Kim Jong Un", "Kim Jong Un"),
        ("Kim", "Kim"),
    ]


NO_ENTITIES: list[EntityLabel] = []


def test_both_empty_is_perfect() -> None:
    score = score_entities(NO_ENTITIES, [])
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_no_prediction_against_gold_scores_zero() -> None:
    score = score_entities([EntityLabel(name="AFP")], [])
    assert (score.tp, score.fp, score.fn) == (0, 0, 1)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_prediction_against_empty_gold_scores_zero() -> None:
    score = score_entities(NO_ENTITIES, names("AFP"))
    assert (score.tp, score.fp, score.fn) == (0, 1, 0)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_role_accuracy_token_f1_threshold() -> None:
    gold = people(
        {"name": "A", "role": "North Korean leader"},  # vs "leader": F1 2/4 = 0.5, correct
        {"name": "B", "role": "associate professor"},  # vs "professor at NUS": 2/5, wrong
        {"name": "C", "role": "Russian President"},  # no predicted role: wrong
        {"name": "D"},  # no gold role: not judged
    )
    pred = [
        {"name": "A", "role": "Leader"},
        {"name": "B", "role": "professor at NUS"},
        {"name": "C"},
        {"name": "D", "role": "anything"},
    ]
    accuracy = role_accuracy(score_entities(gold, pred).matched)
    assert accuracy == Accuracy(correct=1, total=3)
    assert accuracy.value == 1 / 3


# ---------------------------------------------------------------- dates


def test_date_matches_when_one_text_contains_the_other_as_whole_tokens() -> None:
    gold = dates({"text": "Thursday"}, {"text": "next week"})
    score = score_dates(gold, [{"text": "Thursday morning"}, {"text": "week"}])
    assert (score.tp, score.fp, score.fn) == (2, 0, 0)


def test_date_partial_word_does_not_match() -> None:
    gold = dates({"text": "Thursday"}, {"text": "January 2019"})
    score = score_dates(gold, [{"text": "Thurs"}, {"text": "Jan 2019"}])
    assert (score.tp, score.fp, score.fn) == (0, 2, 2)


def test_exact_date_text_is_preferred_over_containment() -> None:
    gold = dates({"text": "Thursday morning"}, {"text": "Thursday"})
    score = score_dates(gold, [{"text": "Thursday"}, {"text": "Thursday morning"}])
    assert [(g.text, p["text"]) for g, p in score.matched] == [
        ("Thursday morning", "Thursday morning"),
        ("Thursday", "Thursday"),
    ]


def test_iso_accuracy_is_exact_over_gold_with_iso() -> None:
    gold = dates(
        {"text": "January 2019", "iso": "2019-01"},
        {"text": "Thursday"},
        {"text": "April last year", "iso": "2024-04"},
    )
    pred = [
        {"text": "January 2019", "iso": "2019-01"},
        {"text": "Thursday", "iso": "2025-08-28"},
        {"text": "April last year", "iso": "2024"},
    ]
    assert iso_accuracy(score_dates(gold, pred).matched) == Accuracy(correct=1, total=2)


# ---------------------------------------------------------------- quotes

GOLD_QUOTE = "the strength of bilateral ties"  # 5 tokens


def test_quote_token_f1_at_threshold_matches() -> None:
    # 3 shared tokens of 5 + 5: F1 = 6/10 = 0.6.
    score = score_quotes(quotes({"text": GOLD_QUOTE}), [{"text": "the strength of our alliance"}])
    assert score.tp == 1


def test_quote_token_f1_below_threshold_does_not_match() -> None:
    # 3 shared tokens of 5 + 6: F1 = 6/11 < 0.6, and neither text contains the other.
    pred = [{"text": "the strength of our old alliance"}]
    score = score_quotes(quotes({"text": GOLD_QUOTE}), pred)
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)


def test_quote_containment_matches_in_both_directions() -> None:
    gold = quotes({"text": "the strength"}, {"text": "at the invitation of Comrade Xi Jinping"})
    pred = [
        {"text": "demonstrate “the strength” of bilateral ties"},  # contains gold; F1 4/8
        {"text": "invitation"},  # contained in gold; F1 2/8
    ]
    assert score_quotes(gold, pred).tp == 2


def test_quotes_match_best_scoring_pairs_first() -> None:
    short, long = "the people will join hands", "the people will join hands with all countries"
    score = score_quotes(quotes({"text": short}, {"text": long}), [{"text": long}, {"text": short}])
    assert [(g.text, p["text"]) for g, p in score.matched] == [(short, short), (long, long)]


def test_attribution_accepts_aliases_of_people_and_organizations() -> None:
    gold_people = people({"name": "Hong Lei", "aliases": ["Hong"]})
    gold_orgs = [EntityLabel(name="Korean Central News Agency", aliases=["KCNA"])]
    gold = quotes(
        {"speaker": "Hong Lei", "text": "one"},
        {"speaker": "Korean Central News Agency", "text": "two"},
        {"speaker": "Hong Lei", "text": "three"},
        {"speaker": "Hong Lei", "text": "four"},
        {"text": "five"},
    )
    pred = [
        {"text": "one", "speaker": "hong"},  # person alias: correct
        {"text": "two", "speaker": "KCNA"},  # organisation alias: correct
        {"text": "three", "speaker": "Loh"},  # wrong
        {"text": "four"},  # no speaker: wrong
        {"text": "five", "speaker": "anyone"},  # gold has no speaker: not judged
    ]
    matched = score_quotes(gold, pred).matched
    assert attribution_accuracy(matched, gold_people, gold_orgs) == Accuracy(2, 4)


# ---------------------------------------------------------------- numbers


def test_number_matches_by_value_within_tolerance() -> None:
    gold = numbers({"text": "$1.5 billion", "value": 1.5e9}, {"text": "none", "value": 0})
    pred: list[dict[str, Any]] = [{"value": 1_500_000_001}, {"value": 1e-8}, {"value": 1e-10}]
    score = score_numbers(gold, pred)
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)
    assert score.spurious == [{"value": 1e-8}]


def test_number_prefers_the_candidate_with_matching_text() -> None:
    gold = numbers({"text": "two", "value": 2}, {"text": "2 km", "value": 2})
    pred = [{"text": "2 km", "value": 2.0}, {"text": "Two", "value": 2}]
    score = score_numbers(gold, pred)
    assert [(g.text, p["text"]) for g, p in score.matched] == [("two", "Two"), ("2 km", "2 km")]


def test_unit_accuracy_maps_synonyms() -> None:
    pairs = [
        ("percent", "%"),
        ("percent", "per cent"),
        ("percent", "pct"),
        ("USD", "$"),
        ("USD", "US dollars"),
        ("eur", "€"),
        ("GBP", "£"),
        ("years", "year"),
        ("km", "miles"),  # wrong
        ("people", None),  # missing: wrong
    ]
    gold = numbers(*({"text": str(i), "value": i, "unit": g} for i, (g, _) in enumerate(pairs)))
    pred = [{"value": i, "unit": u} for i, (_, u) in enumerate(pairs)]
    assert unit_accuracy(score_numbers(gold, pred).matched) == Accuracy(8, 10)


# ---------------------------------------------------------------- summary


def test_rouge_l_from_longest_common_subsequence() -> None:
    # LCS "two men monday" = 3; P = 3/5, R = 3/6, F = 2PR/(P+R) = 6/11.
    reference = "Police arrested two men on Monday."
    prediction = "Two men were arrested Monday."
    assert rouge_l(reference, prediction) == pytest.approx(6 / 11, abs=1e-12)


def test_rouge_l_of_empty_prediction_is_zero() -> None:
    assert rouge_l("Police arrested two men.", "") == 0.0


def test_key_point_needs_sixty_percent_of_content_tokens() -> None:
    # Content tokens: kim, met, putin, beijing, thursday ("in", "on" are stopwords).
    point = "Kim met Putin in Beijing on Thursday"
    assert key_point_coverage([point], "Kim met Putin.").covered == [True]  # 3/5
    assert key_point_coverage([point], "Kim met Xi.").covered == [False]  # 2/5


def test_key_point_matches_stemmed_forms() -> None:
    coverage = key_point_coverage(["Kim attends the parades"], "Kim attended a parade")
    assert coverage.covered == [True]


def test_key_point_numbers_must_match_exactly() -> None:
    point = "The parade marks 80 years since the war"  # 6 content tokens
    assert key_point_coverage([point], "The parade marks 75 years since the war").covered == [False]
    assert key_point_coverage([point], "A parade marking eighty years").covered == [True]


def test_key_point_spelled_compound_number_equals_digits() -> None:
    coverage = key_point_coverage(["seventy-five years of ties"], "75 years of ties")
    assert coverage.covered == [True]


def test_key_point_coverage_value_is_share_conveyed() -> None:
    coverage = key_point_coverage(["Kim visits Beijing", "Xi inspects troops"], "Kim visits Beijing")
    assert coverage == Coverage([True, False])
    assert coverage.value == 0.5
    assert key_point_coverage([], "anything").value is None


# ---------------------------------------------------------------- documents


def test_absent_field_is_not_scored_and_empty_field_scores_every_prediction() -> None:
    labels = Labels.model_validate({"id": "x", "people": []})
    prediction = {"people": names("Kim"), "organizations": names("AFP"), "summary": "S."}

    score = score_document(labels, prediction)

    assert list(score.fields) == ["people"]
    people_score = score.fields["people"]
    assert (people_score.tp, people_score.fp, people_score.fn) == (0, 1, 0)
    assert people_score.f1 == 0.0
    assert score.role == Accuracy(0, 0)
    assert (score.iso, score.rouge_l, score.key_points) == (None, None, None)


def test_missing_prediction_field_and_malformed_items_count_against_the_model() -> None:
    labels = Labels.model_validate(
        {"id": "x", "people": [{"name": "Kim"}], "locations": [{"name": "Beijing"}]}
    )
    score = score_document(labels, {"people": ["Kim"]})
    assert score.fields["people"].spurious == [{"invalid": "Kim"}]
    assert score.fields["people"].fn == 1
    assert score.fields["locations"].fn == 1


def test_document_scores_summary_fields_and_serialises_to_json() -> None:
    labels = Labels.model_validate(
        {
            "id": "x",
            "summary": "Police arrested two men on Monday.",
            "key_points": ["Police arrested two men"],
            "quotes": [{"speaker": "Hong Lei", "text": "we are ready"}],
        }
    )
    prediction = {
        "summary": "Two men were arrested Monday.",
        "quotes": [{"text": "We are ready", "speaker": "Hong Lei"}],
    }
    score = score_document(labels, prediction)
    assert score.rouge_l == pytest.approx(6 / 11, abs=1e-12)
    assert score.key_points == Coverage([True])  # arrest, two, men: 3 of 4 content tokens
    assert score.attribution == Accuracy(1, 1)
    data = json.loads(json.dumps(score.to_dict()))
    assert data["fields"]["quotes"]["matched"][0]["gold"] == {
        "speaker": "Hong Lei",
        "text": "we are ready",
    }
    assert data["accuracies"] == {"quotes.attribution": {"correct": 1, "total": 1, "value": 1.0}}
    assert data["summary"]["key_points"] == {"covered": [True], "value": 1.0}


# ---------------------------------------------------------------- aggregate


def test_aggregate_micro_averages_counts_across_documents() -> None:
    doc1 = score_document(
        Labels.model_validate(
            {
                "id": "one",
                "people": [{"name": "A", "role": "leader"}, {"name": "B", "role": "minister"}],
                "organizations": [{"name": "X"}],
                "summary": "Police arrested two men on Monday.",
            }
        ),
        {
            "people": [
                {"name": "A", "role": "leader"},
                {"name": "B", "role": "envoy"},
                {"name": "C"},
            ],
            "organizations": names("X"),
            "summary": "Two men were arrested Monday.",
        },
    )  # people tp 2 fp 1 fn 0; organizations tp 1; role 1/2
    doc2 = score_document(
        Labels.model_validate({"id": "two", "people": [{"name": "D", "role": "judge"}, {"name": "E"}]}),
        {"people": [{"name": "D", "role": "judge"}]},
    )  # people tp 1 fp 0 fn 1; role 1/1

    result = aggregate([doc1, doc2])

    # people: tp 3, fp 1, fn 1 -> P = R = 3/4, F1 = 6/8 (macro F1 would be (0.8 + 2/3) / 2).
    assert (result["people.precision"], result["people.recall"]) == (0.75, 0.75)
    assert result["people.f1"] == 0.75
    assert result["organizations.f1"] == 1.0
    # entities: tp 4, fp 1, fn 1 -> F1 = 8/10.
    assert result["entities.f1"] == 0.8
    assert result["people.role"] == 2 / 3  # pooled 2/3, not the mean of 1/2 and 1/1
    assert result["summary.rougeL"] == pytest.approx(6 / 11, abs=1e-12)
    assert result["locations.f1"] is None
    assert result["dates.iso"] is None
    assert result["summary.key_points"] is None


def test_metric_names_are_exactly_the_aggregate_keys() -> None:
    result = aggregate([])
    assert tuple(result) == METRIC_NAMES
    assert set(result.values()) == {None}
    for name in (
        "people.f1",
        "entities.f1",
        "quotes.f1",
        "quotes.attribution",
        "dates.iso",
        "numbers.unit",
        "people.role",
        "summary.rougeL",
        "summary.key_points",
    ):
        assert name in METRIC_NAMES
