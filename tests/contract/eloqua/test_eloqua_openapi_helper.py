"""The OpenAPI helper itself rejects what it must, so the contract tests using it can fail."""

from __future__ import annotations

import jsonschema
import pytest
from eloqua_openapi import response_schema, validate

ONE = "/api/REST/2.0/assets/external/type/{id}"
GOOD = {"type": "ExternalAssetType", "id": "10001", "name": "Tradeshow",
        "activityTypes": [{"type": "ExternalActivityType", "id": "1001", "name": "Registered"}]}


def test_refs_are_inlined() -> None:
    schema = response_schema(ONE, "get", 200)
    assert "$ref" not in str(schema)
    assert schema["properties"]["activityTypes"]["items"]["properties"]["name"]["type"] == "string"


@pytest.mark.parametrize("bad", [
    {**GOOD, "id": 10001},  # ids are strings
    {**GOOD, "colour": "red"},  # undeclared property (strict mode)
    {**GOOD, "activityTypes": [{"name": 5}]},  # nested schema through the $ref
    {**GOOD, "activityTypes": [{"name": "x", "extra": True}]},
])
def test_wrong_bodies_are_rejected(bad: dict[str, object]) -> None:
    validate(ONE, "get", 200, GOOD)
    with pytest.raises(jsonschema.ValidationError):
        validate(ONE, "get", 200, bad)


def test_undocumented_statuses_are_rejected() -> None:
    with pytest.raises(AssertionError):
        validate(ONE, "get", 201, GOOD)
