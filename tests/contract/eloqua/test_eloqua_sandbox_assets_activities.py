"""Eloqua sandbox: external assets, external activities (Oracle's "Tradeshow 2021" example), admin drift."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from eloqua_openapi import validate
from eloqua_wire import REST, Eloqua

pytestmark = pytest.mark.contract
ASSET = "/api/REST/2.0/assets/external"
ASSET_ONE = "/api/REST/2.0/assets/external/{id}"
ASSETS = "/api/REST/2.0/assets/externals"
ACTIVITY = "/api/REST/2.0/data/activity"
ACTIVITY_ONE = "/api/REST/2.0/data/activity/{id}"
Setup = Callable[[], tuple[dict[str, Any], dict[str, Any]]]

ORACLE_REQUEST = {"name": "Tradeshow 2021", "assetName": "Tradeshow 2021", "assetType": "Tradeshow",
                  "activityType": "Viewed a Demo", "activityDate": "1612460136", "campaignId": 37, "contactId": 2405}
ORACLE_RESPONSE = {"type": "ExternalActivities", "id": "102332", "depth": "complete", "name": "Tradeshow 2021",
                   "activityDate": "1612460136", "activityType": "Viewed a Demo", "assetName": "Tradeshow 2021",
                   "assetType": "Tradeshow", "campaignId": 37, "contactId": 2405}


def test_oracles_tradeshow_2021_example_verbatim(eloqua: Eloqua, tradeshow: Setup) -> None:
    tradeshow()
    response = eloqua.call("POST", "/api/REST/2.0/data/activity", json=ORACLE_REQUEST)
    assert response.status_code == 201
    assert response.json() == ORACLE_RESPONSE
    validate(ACTIVITY, "post", 201, response.json())
    fetched = eloqua.call("GET", f"{ACTIVITY}/102332")
    assert (fetched.status_code, fetched.json()) == (200, ORACLE_RESPONSE)
    validate(ACTIVITY_ONE, "get", 200, fetched.json())


def test_activity_without_date_is_not_linked_to_the_contact(eloqua: Eloqua, tradeshow: Setup, control: Any) -> None:
    tradeshow()
    body = {k: v for k, v in ORACLE_REQUEST.items() if k != "activityDate"}
    response = eloqua.call("POST", ACTIVITY, json=body)
    assert response.status_code == 201 and "activityDate" not in response.json()
    [stored] = control.state("eloqua")["eloqua/activity"]
    assert stored["linkedToContact"] is False
    control.settings("eloqua", missing_activity_date="reject")
    refused = eloqua.call("POST", ACTIVITY, json=body)
    assert refused.status_code == 400 and refused.json()[0]["property"] == "activityDate"


@pytest.mark.parametrize(("change", "prop", "requirement"), [
    ({"assetType": "Webinar"}, "assetType", "RelationshipRequirement"),
    ({"activityType": "Slept"}, "activityType", "RelationshipRequirement"),
    ({"assetName": "Tradeshow 1999"}, "assetName", "RelationshipRequirement"),
    ({"contactId": 1}, "contactId", "RelationshipRequirement"),
    ({"contactId": None}, "contactId", "NotNullRequirement"),
    ({"contactId": "abc"}, "contactId", "IdRequirement"),
    ({"campaignId": 999}, "campaignId", "RelationshipRequirement"),
    ({"activityDate": 1612460136}, "activityDate", "DateRequirement"),
    ({"activityDate": "2021-02-04"}, "activityDate", "DateRequirement"),
    ({"name": None}, "name", "NotNullRequirement"),
    ({"fieldValues": "x"}, "fieldValues", "SyntaxRequirement"),
    ({"priority": 1}, "priority", "SyntaxRequirement"),
])
def test_activity_validation_errors(eloqua: Eloqua, tradeshow: Setup, change: dict[str, Any], prop: str,
                                    requirement: str) -> None:
    tradeshow()
    body = {k: v for k, v in {**ORACLE_REQUEST, **change}.items() if v is not None}
    response = eloqua.call("POST", ACTIVITY, json=body)
    assert response.status_code == 400
    [error] = response.json()
    assert (error["property"], error["requirement"]["type"]) == (prop, requirement)
    assert error["container"]["objectType"] == "ExternalActivities"


def test_activity_retrieve_errors(eloqua: Eloqua) -> None:
    assert eloqua.call("GET", f"{ACTIVITY}/424242").status_code == 404
    assert eloqua.call("GET", f"{ACTIVITY}/abc").json()[0]["type"] == "EndpointParameterError"
    assert eloqua.call("DELETE", f"{ACTIVITY}/1").status_code == 405


def test_asset_create_retrieve_update_delete(eloqua: Eloqua) -> None:
    asset_type = eloqua.create_type("Tradeshow", ["Registered"])
    created = eloqua.call("POST", ASSET, json={"name": "Tradeshow 2021", "externalAssetTypeId": asset_type["id"]})
    assert created.status_code == 201
    body = created.json()
    validate(ASSET, "post", 201, body)
    assert body["type"] == "ExternalAsset" and body["externalAssetTypeId"] == asset_type["id"]
    path = f"{ASSET}/{body['id']}"
    fetched = eloqua.call("GET", path)
    validate(ASSET_ONE, "get", 200, fetched.json())
    assert fetched.json() == body
    renamed = eloqua.call("PUT", path, json=dict(body, name="Tradeshow 2022", description="Berlin"))
    validate(ASSET_ONE, "put", 200, renamed.json())
    assert (renamed.json()["name"], renamed.json()["description"]) == ("Tradeshow 2022", "Berlin")
    assert eloqua.call("DELETE", path).status_code == 200
    assert eloqua.call("GET", path).status_code == 404


def test_asset_errors(eloqua: Eloqua, control: Any) -> None:
    first = eloqua.create_type("Tradeshow", ["Registered"])
    second = eloqua.create_type("Webinar", ["Attended"])
    asset = eloqua.create_asset("Tradeshow 2021", first["id"])
    duplicate = eloqua.call("POST", ASSET, json={"name": "tradeshow 2021", "externalAssetTypeId": second["id"]})
    assert duplicate.status_code == 409 and duplicate.json()[0]["requirement"]["type"] == "UniquenessRequirement"
    no_type = eloqua.call("POST", ASSET, json={"name": "X"})
    assert no_type.json()[0]["requirement"]["type"] == "NotNullRequirement"
    unknown_type = eloqua.call("POST", ASSET, json={"name": "X", "externalAssetTypeId": "999"})
    assert unknown_type.json()[0]["requirement"]["type"] == "RelationshipRequirement"
    moved = eloqua.call("PUT", f"{ASSET}/{asset['id']}", json={"name": "Tradeshow 2021",
                                                               "externalAssetTypeId": second["id"]})
    assert moved.status_code == 400 and moved.json()[0]["requirement"]["type"] == "ImmutabilityRequirement"
    control.settings("eloqua", asset_type_change="allow")
    moved = eloqua.call("PUT", f"{ASSET}/{asset['id']}", json={"name": "Tradeshow 2021",
                                                               "externalAssetTypeId": second["id"]})
    assert moved.status_code == 200 and moved.json()["externalAssetTypeId"] == second["id"]
    assert eloqua.call("PUT", f"{ASSET}/99999", json={"name": "X"}).status_code == 404


def test_asset_list(eloqua: Eloqua) -> None:
    asset_type = eloqua.create_type("Tradeshow", ["Registered"])
    for name in ("Tradeshow 2021", "Tradeshow 2022", "Summit"):
        eloqua.create_asset(name, asset_type["id"])
    listed = eloqua.call("GET", ASSETS, params={"search": "name='Tradeshow*'", "depth": "complete"}).json()
    validate(ASSETS, "get", 200, listed)
    assert sorted(e["name"] for e in listed["elements"]) == ["Tradeshow 2021", "Tradeshow 2022"]
    by_type = eloqua.call("GET", ASSETS, params={"search": f"externalAssetTypeId={asset_type['id']}"}).json()
    assert by_type["total"] == 3


def test_admin_drift_operations(eloqua: Eloqua, control: Any) -> None:
    made = control.admin("eloqua", "POST", "asset-types", json={"name": "Unmanaged", "activityTypes": ["Clicked"]})
    assert made.status_code == 200
    type_id = made.json()["id"]
    assert eloqua.call("GET", f"{REST}/assets/external/type/{type_id}").json()["createdBy"] == "admin.ui"
    control.admin("eloqua", "PATCH", f"asset-types/{type_id}", json={"name": "Renamed"})
    activity_id = made.json()["activityTypes"][0]["id"]
    control.admin("eloqua", "PATCH", f"asset-types/{type_id}/activity-types/{activity_id}", json={"name": "Opened"})
    control.admin("eloqua", "POST", f"asset-types/{type_id}/activity-types", json={"name": "Shared"})
    live = eloqua.call("GET", f"{REST}/assets/external/type/{type_id}").json()
    assert live["name"] == "Renamed"
    assert [a["name"] for a in live["activityTypes"]] == ["Opened", "Shared"]
    control.admin("eloqua", "DELETE", f"asset-types/{type_id}/activity-types/{activity_id}")
    asset = eloqua.create_asset("Summit", type_id)
    control.admin("eloqua", "PATCH", f"assets/{asset['id']}", json={"name": "Summit 2"})
    assert eloqua.call("GET", f"{ASSET}/{asset['id']}").json()["name"] == "Summit 2"
    assert control.admin("eloqua", "DELETE", f"assets/{asset['id']}").status_code == 200
    assert eloqua.call("GET", f"{ASSET}/{asset['id']}").status_code == 404
    assert control.admin("eloqua", "DELETE", f"asset-types/{type_id}").status_code == 200
    assert eloqua.call("GET", f"{REST}/assets/external/type/{type_id}").status_code == 404
    assert control.admin("eloqua", "DELETE", f"asset-types/{type_id}").status_code == 404


def test_state_persists_across_calls_and_reset_reseeds(eloqua: Eloqua, control: Any, sandbox: Any) -> None:
    eloqua.create_type("Tradeshow", ["Registered"])
    assert [d["name"] for d in control.state("eloqua")["eloqua/assetType"]] == ["Tradeshow"]
    old_password = eloqua.conf["password"]
    control.reset("eloqua")
    fresh = control.endpoints()["eloqua"]
    assert fresh["password"] != old_password
    assert fresh["contacts"] == [2405, 2406, 2407, 2408]
    assert "eloqua/assetType" not in control.state("eloqua")
