"""Eloqua sandbox: external asset types and their nested activity types, against the OpenAPI file."""

from __future__ import annotations

from typing import Any

import pytest
from eloqua_openapi import validate
from eloqua_wire import REST, Eloqua

pytestmark = pytest.mark.contract
TYPE = "/api/REST/2.0/assets/external/type"
ONE = "/api/REST/2.0/assets/external/type/{id}"
LIST = "/api/REST/2.0/assets/external/types"


def test_create_answers_201_with_string_ids_and_typed_objects(eloqua: Eloqua) -> None:
    response = eloqua.call("POST", TYPE, json={
        "name": "Tradeshow", "description": "Offline events",
        "activityTypes": [{"name": "Registered"}, {"name": "Attended"}, {"name": "Viewed a Demo"}]})
    assert response.status_code == 201
    body = response.json()
    validate(TYPE, "post", 201, body)
    assert body["type"] == "ExternalAssetType" and body["depth"] == "complete"
    assert isinstance(body["id"], str) and body["id"].isdigit()
    assert body["createdAt"].isdigit() and body["createdBy"] == eloqua.conf["user"]
    assert [a["name"] for a in body["activityTypes"]] == ["Registered", "Attended", "Viewed a Demo"]
    assert all(a["type"] == "ExternalActivityType" and a["id"].isdigit() for a in body["activityTypes"])
    assert len({a["id"] for a in body["activityTypes"]}) == 3


def test_duplicate_names_are_409_case_insensitively(eloqua: Eloqua, control: Any) -> None:
    eloqua.create_type("Tradeshow", ["Registered"])
    response = eloqua.call("POST", TYPE, json={"name": "TRADESHOW", "activityTypes": []})
    assert response.status_code == 409
    [error] = response.json()
    assert error["requirement"]["type"] == "UniquenessRequirement" and error["property"] == "name"
    control.settings("eloqua", names_case_sensitive=True)
    assert eloqua.call("POST", TYPE, json={"name": "TRADESHOW"}).status_code == 201


def test_retrieve_by_depth(eloqua: Eloqua) -> None:
    created = eloqua.create_type("Webinar", ["Registered", "Attended"])
    path = ONE.replace("{id}", created["id"])
    complete = eloqua.call("GET", path)
    validate(ONE, "get", 200, complete.json())
    assert complete.json() == created
    minimal = eloqua.call("GET", path, params={"depth": "minimal"}).json()
    validate(ONE, "get", 200, minimal)
    assert minimal["depth"] == "minimal" and "activityTypes" not in minimal
    partial = eloqua.call("GET", path, params={"depth": "partial"}).json()
    validate(ONE, "get", 200, partial)
    assert [a["depth"] for a in partial["activityTypes"]] == ["minimal", "minimal"]
    assert eloqua.call("GET", path, params={"depth": "bogus"}).json()["depth"] == "complete"


def test_retrieve_errors(eloqua: Eloqua) -> None:
    missing = eloqua.call("GET", ONE.replace("{id}", "99999"))
    assert (missing.status_code, missing.json()) == (404, "The requested resource was not found.")
    bad = eloqua.call("GET", ONE.replace("{id}", "sandwich"))
    assert bad.status_code == 400
    assert bad.json() == [{"type": "EndpointParameterError", "parameter": "id",
                           "requirement": {"type": "IdRequirement", "isRelativeAllowed": False},
                           "value": "sandwich"}]


def test_update_renames_adds_and_removes_activity_types_keeping_ids(eloqua: Eloqua) -> None:
    created = eloqua.create_type("Tradeshow", ["Registered", "Attended"])
    registered, attended = created["activityTypes"]
    body = dict(created, name="Trade Show", activityTypes=[
        registered, dict(attended, name="Attended in person"), {"name": "Viewed a Demo"}])
    response = eloqua.call("PUT", ONE.replace("{id}", created["id"]), json=body)
    assert response.status_code == 200
    updated = response.json()
    validate(ONE, "put", 200, updated)
    assert updated["id"] == created["id"] and updated["name"] == "Trade Show"
    ids = {a["name"]: a["id"] for a in updated["activityTypes"]}
    assert ids["Registered"] == registered["id"] and ids["Attended in person"] == attended["id"]
    assert ids["Viewed a Demo"] not in (registered["id"], attended["id"])
    keep = [{"id": registered["id"], "name": "Registered"}]
    removed = eloqua.call("PUT", ONE.replace("{id}", created["id"]), json={"name": "Trade Show", "activityTypes": keep})
    assert [a["name"] for a in removed.json()["activityTypes"]] == ["Registered"]


def test_update_errors(eloqua: Eloqua) -> None:
    first = eloqua.create_type("Tradeshow", ["Registered"])
    eloqua.create_type("Webinar", [])
    path = ONE.replace("{id}", first["id"])
    assert eloqua.call("PUT", path, json={"name": "webinar"}).status_code == 409
    assert eloqua.call("PUT", ONE.replace("{id}", "99999"), json={"name": "X"}).status_code == 404
    other_id = eloqua.call("PUT", path, json={"id": "1", "name": "Tradeshow"})
    assert other_id.json()[0]["requirement"]["type"] == "ImmutabilityRequirement"
    foreign = eloqua.call("PUT", path, json={"name": "Tradeshow", "activityTypes": [{"id": "424242", "name": "X"}]})
    assert foreign.json()[0]["requirement"]["type"] == "RelationshipRequirement"


def test_removing_an_activity_type_in_use_can_be_refused(eloqua: Eloqua, control: Any) -> None:
    created = eloqua.create_type("Tradeshow", ["Registered", "Attended"])
    eloqua.create_asset("Tradeshow 2021", created["id"])
    added = control.admin("eloqua", "POST", "activities", json={
        "assetType": "Tradeshow", "activityType": "Attended", "assetName": "Tradeshow 2021", "count": 2})
    assert len(added.json()["ids"]) == 2
    keep = [{"id": created["activityTypes"][0]["id"], "name": "Registered"}]
    control.settings("eloqua", in_use_activity_type_removal="refuse")
    refused = eloqua.call("PUT", ONE.replace("{id}", created["id"]), json={"name": "Tradeshow", "activityTypes": keep})
    assert refused.status_code == 412
    control.settings("eloqua", in_use_activity_type_removal="allow")
    allowed = eloqua.call("PUT", ONE.replace("{id}", created["id"]), json={"name": "Tradeshow", "activityTypes": keep})
    assert allowed.status_code == 200


@pytest.mark.parametrize(("body", "prop", "requirement"), [
    ({}, "name", "NotNullRequirement"),
    ({"name": "   "}, "name", "NotNullRequirement"),
    ({"name": 12}, "name", "SyntaxRequirement"),
    ({"name": "x" * 101}, "name", "ValidTextLengthRequirement"),
    ({"name": "T", "colour": "red"}, "colour", "SyntaxRequirement"),
    ({"name": "T", "activityTypes": "Registered"}, "activityTypes", "SyntaxRequirement"),
    ({"name": "T", "activityTypes": [{"name": "A"}, {"name": "a"}]}, "activityTypes", "NoDuplicatesRequirement"),
    ({"name": "T", "activityTypes": [{}]}, "name", "NotNullRequirement"),
])
def test_validation_errors_are_typed_400_bodies(eloqua: Eloqua, body: dict[str, Any], prop: str,
                                                requirement: str) -> None:
    response = eloqua.call("POST", TYPE, json=body)
    assert response.status_code == 400
    [error] = response.json()
    assert error["type"] == "ObjectValidationError"
    assert error["container"]["type"] == "ObjectKey"
    assert (error["property"], error["requirement"]["type"]) == (prop, requirement)


def test_switches_for_unknown_fields_and_single_object_bodies(eloqua: Eloqua, control: Any) -> None:
    control.settings("eloqua", validation_body="object")
    error = eloqua.call("POST", TYPE, json={}).json()
    assert isinstance(error, dict) and error["requirement"]["type"] == "NotNullRequirement"
    control.settings("eloqua", unknown_fields="ignore")
    assert eloqua.call("POST", TYPE, json={"name": "T", "colour": "red"}).status_code == 201


def test_read_only_fields_sent_back_are_ignored(eloqua: Eloqua) -> None:
    created = eloqua.create_type("Tradeshow", ["Registered"])
    response = eloqua.call("PUT", ONE.replace("{id}", created["id"]), json=created)
    assert response.status_code == 200
    assert response.json()["activityTypes"][0]["id"] == created["activityTypes"][0]["id"]


def test_malformed_bodies(eloqua: Eloqua, control: Any) -> None:
    headers = {"Content-Type": "application/json"}
    broken = eloqua.call("POST", TYPE, data=b"{not json", headers=headers)
    assert broken.status_code == 400 and broken.json()[0]["requirement"]["type"] == "SyntaxRequirement"
    listed = eloqua.call("POST", TYPE, data=b"[1]", headers=headers)
    assert listed.status_code == 400 and listed.json()[0]["parameter"] == "body"
    text = eloqua.call("POST", TYPE, data=b"name=x", headers={"Content-Type": "text/plain"})
    assert text.status_code == 400 and text.json()[0]["requirement"]["type"] == "ContentRequirement"
    control.settings("eloqua", max_body_bytes=100)
    big = eloqua.call("POST", TYPE, json={"name": "T", "description": "x" * 200})
    assert big.status_code == 413


def test_delete_then_gone(eloqua: Eloqua) -> None:
    created = eloqua.create_type("Tradeshow", ["Registered"])
    path = ONE.replace("{id}", created["id"])
    deleted = eloqua.call("DELETE", path)
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert eloqua.call("GET", path).status_code == 404
    assert eloqua.call("DELETE", path).status_code == 404


def test_delete_with_assets_is_412_unless_cascading(eloqua: Eloqua, control: Any) -> None:
    created = eloqua.create_type("Tradeshow", ["Registered"])
    asset = eloqua.create_asset("Tradeshow 2021", created["id"])
    path = ONE.replace("{id}", created["id"])
    refused = eloqua.call("DELETE", path)
    assert refused.status_code == 412 and "dependencies" in refused.json()
    control.settings("eloqua", delete_type_with_assets="cascade")
    assert eloqua.call("DELETE", path).status_code == 200
    assert eloqua.call("GET", f"{REST}/assets/external/{asset['id']}").status_code == 404


def test_list_paging_search_order(eloqua: Eloqua) -> None:
    for name in ("Tradeshow", "Trade Fair", "Webinar", "Roadshow"):
        eloqua.create_type(name, ["Registered"])
    everything = eloqua.call("GET", LIST).json()
    validate(LIST, "get", 200, everything)
    assert everything["total"] == 4 and everything["page"] == 1 and everything["pageSize"] == 1000
    assert all(e["depth"] == "minimal" for e in everything["elements"])
    page2 = eloqua.call("GET", LIST, params={"count": 3, "page": 2}).json()
    assert (page2["total"], page2["pageSize"], [e["name"] for e in page2["elements"]]) == (4, 3, ["Roadshow"])
    trade = eloqua.call("GET", LIST, params={"search": "name='Trade*'"}).json()
    assert sorted(e["name"] for e in trade["elements"]) == ["Trade Fair", "Tradeshow"]
    exact = eloqua.call("GET", LIST, params={"search": "name=webinar", "depth": "complete"}).json()
    validate(LIST, "get", 200, exact)
    assert [e["name"] for e in exact["elements"]] == ["Webinar"]
    assert exact["elements"][0]["activityTypes"][0]["name"] == "Registered"
    bare = eloqua.call("GET", LIST, params={"search": "*show"}).json()
    assert sorted(e["name"] for e in bare["elements"]) == ["Roadshow", "Tradeshow"]
    ordered = eloqua.call("GET", LIST, params={"orderBy": "name DESC"}).json()
    assert [e["name"] for e in ordered["elements"]] == ["Webinar", "Tradeshow", "Trade Fair", "Roadshow"]
    future = eloqua.call("GET", LIST, params={"lastUpdatedAt": "99999999999"}).json()
    assert future["total"] == 0


@pytest.mark.parametrize(("params", "parameter"), [
    ({"count": 0}, "count"), ({"count": 1001}, "count"), ({"page": "x"}, "page"),
    ({"search": "colour='red'"}, "search"), ({"orderBy": "colour"}, "orderBy"), ({"lastUpdatedAt": "x"},
                                                                                  "lastUpdatedAt"),
])
def test_list_parameter_errors(eloqua: Eloqua, params: dict[str, Any], parameter: str) -> None:
    response = eloqua.call("GET", LIST, params=params)
    assert response.status_code == 400
    assert response.json()[0]["type"] == "EndpointParameterError"
    assert response.json()[0]["parameter"] == parameter
