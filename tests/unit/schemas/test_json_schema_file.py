"""docs/schema.json: up to date with the models, and it accepts every schema file we ship.

Editors check schema files with it; a JSON Schema that disagrees with ``validate`` would show
false errors (or miss real ones) in every exported file.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from activity_schemas.schema import SchemaFile, json_schema
from activity_schemas.validation import validate_files

ROOT = Path(__file__).resolve().parents[3]
SHIPPED = sorted([*(ROOT / "stacks" / "schemas").glob("*.yaml"), ROOT / "examples" / "two-stacks" / "schema.yaml"])


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((ROOT / "docs" / "schema.json").read_text())
    assert committed == json_schema(), "run `activity-schemas json-schema --out docs/schema.json`"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_schema_files_pass_both_checks(path: Path) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text()), json_schema())
    assert validate_files([path])[1] == []


def test_both_asset_forms_are_accepted_and_a_bad_item_refused() -> None:
    doc = {"eloqua": {"externalAssetTypes": [{
        "name": "Tradeshow", "activityTypes": ["Registered"],
        "assets": ["Tradeshow 2021", {"name": "Tradeshow 2022", "description": "Austin"}]}]}}
    jsonschema.validate(doc, json_schema())
    SchemaFile.model_validate(doc)
    doc["eloqua"]["externalAssetTypes"][0]["assets"] = [{"name": "Tradeshow 2021", "year": 2021}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema())
