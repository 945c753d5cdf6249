"""One conformance check over everything a paper registers (the scikit-learn ``check_estimator`` idea): every
claim, figure and experiment of every paper, present and future, meets the contracts of DESIGN.md."""

import dataclasses
import json
import re

import pytest

from sims._config import Config
from workbench.registry import BUDGETS, PAPERS, all_claims, all_experiments, all_figures

CLAIMS = all_claims()
EXPERIMENTS = list(all_experiments().values())


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_claim_states_where_what_the_paper_says_and_a_rule_fixed_in_advance(claim):
    assert claim.paper in PAPERS
    for field in ("where", "statement", "paper_value", "rule"):
        assert isinstance(getattr(claim, field), str) and getattr(claim, field).strip(), field
    # A rule names the verdict(s) it can give and the condition; some claims can never PASS at a computable
    # scale (e.g. "INCONCLUSIVE by construction ...; FAIL if ..."), so "PASS" itself is not required.
    assert re.search(r"\b(PASS|FAIL|INCONCLUSIVE)\b", claim.rule) and re.search(r"\bif\b", claim.rule), claim.rule
    assert callable(claim.measure)


@pytest.mark.parametrize("figure", all_figures(), ids=lambda f: f"{f.paper}.{f.name}")
def test_figure_has_a_caption_and_a_maker(figure):
    assert figure.paper in PAPERS and figure.caption.strip() and callable(figure.make)


@pytest.mark.parametrize("experiment", EXPERIMENTS, ids=lambda e: e.name)
def test_experiment_config_is_frozen_validated_and_round_trips_through_json(experiment):
    config_type = experiment.config_type
    assert issubclass(config_type, Config) and dataclasses.is_dataclass(config_type)
    config = config_type()
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(config, dataclasses.fields(config)[0].name, None)
    text = json.dumps(config.to_dict(), allow_nan=False)
    again = config_type.from_dict(json.loads(text))
    assert again == config and again.key == config.key
    with pytest.raises(ValueError, match="no_such_field"):
        config_type.from_dict({**config.to_dict(), "no_such_field": 1})


def test_every_paper_with_claims_can_run_every_budget_name():
    # The budgets are a closed set the CLI validates; a paper module must not invent its own.
    assert BUDGETS == ("smoke", "quick", "full")
    assert {c.paper for c in CLAIMS} <= set(PAPERS)
