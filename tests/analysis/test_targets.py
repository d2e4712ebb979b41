"""Targets: defaults from the contract, TOML overrides and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistgraph.errors import ConfigError
from assistgraph.targets import Targets, load_targets


def test_defaults_match_the_contract() -> None:
    t = Targets()
    assert t.forces_required == (
        "provincial_department",
        "east_west",
        "paired_assistance",
        "provincial_soe",
        "central_soe",
    )
    assert t.trainees_per_county_year == 500
    assert t.training_rule == "mean"
    assert t.key_projects_per_department_year == (1, 2)
    assert t.key_industries_per_soe_county == (1, 2)
    assert t.soe_annual_funding is True
    assert (t.central_soes_per_county, t.local_soes_per_county, t.soes_total) == (1, 1, 78)
    assert t.employment_support_required is True
    assert t.cadres_trained_per_year == 100
    assert t.soe_agreement_required is True
    assert t.project_terms_required == ("long", "medium", "short")
    assert t.min_brands_per_county == 1
    assert t.livelihood_subcategories_required == (
        "geological_disaster",
        "dilapidated_housing",
        "water_supply",
        "collective_economy",
    )


def test_toml_overrides(tmp_path: Path) -> None:
    (tmp_path / "targets.toml").write_text(
        "trainees_per_county_year = 300\nkey_industries_per_soe = [2, 4]\n"
        'soe_agreement_required = false\nforces_required = ["east_west"]\n',
        encoding="utf-8",
    )
    t = load_targets(tmp_path)
    assert t.trainees_per_county_year == 300
    assert t.key_industries_per_soe_county == (2, 4)  # the v1 key is still read
    assert t.soe_agreement_required is False
    assert t.forces_required == ("east_west",)
    assert t.cadres_trained_per_year == 100  # default kept
    assert load_targets(tmp_path / "nothing-here") == Targets()
    assert Targets.from_toml(tmp_path / "targets.toml") == t


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("trainees = 5", "unknown key 'trainees'; known keys: forces_required"),
        ("trainees_per_county_year = -1", "must be ≥ 0"),
        ("trainees_per_county_year = 1.5", "must be a whole number"),
        ("trainees_per_county_year = true", "must be a whole number"),
        ("key_projects_per_department_year = [3, 1]", "min 3 is greater than max 1"),
        ("key_projects_per_department_year = 2", "list [min, max]"),
        ("soe_agreement_required = 1", "must be true or false"),
        ('forces_required = ["army"]', "'army' not one of"),
        ('project_terms_required = ["eternal"]', "not one of long, medium, short"),
        ("min_brands_per_county = [", "not valid TOML"),
        ('training_rule = "median"', "training_rule must be one of 'mean', 'each_year'"),
        ("soes_total = -78", "must be ≥ 0"),
        ("employment_support_required = 0", "must be true or false"),
        (
            "key_industries_per_soe = [1, 2]\nkey_industries_per_soe_county = [1, 2]",
            "both 'key_industries_per_soe' \\(v1\\) and 'key_industries_per_soe_county'",
        ),
    ],
)
def test_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "targets.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        Targets.from_toml(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read targets file"):
        Targets.from_toml(tmp_path / "absent.toml")
