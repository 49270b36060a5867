"""Tooling API sObjects (§2, §3): create/get/PATCH/DELETE/describe, verbs, rules, ids, bad input."""

from __future__ import annotations

import pytest
from sf_contract_helpers import SalesforceClient

from sandbox.controlclient import SandboxControl
from sandbox.salesforce.ids import checksum

pytestmark = pytest.mark.contract

EXT = "MarketingAppExtension"
ACT = "MarketingAppExtActivity"
ASG = "MarketingAppExtAssignment"


def test_create_get_patch_extension(sf: SalesforceClient) -> None:
    response = sf.create(EXT, {"MasterLabel": "Webinar Service", "DeveloperName": "Webinar_Service",
                               "Description": "Webinar integration"})
    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "success": True, "errors": [], "warnings": [], "infos": []}
    ext = body["id"]
    assert len(ext) == 18 and checksum(ext[:15]) == ext[15:]
    got = sf.call("GET", f"/sobjects/{EXT}/{ext}")
    assert got.status_code == 200
    record = got.json()
    assert record["attributes"] == {"type": EXT, "url": f"/services/data/v67.0/tooling/sobjects/{EXT}/{ext}"}
    assert record["IsActive"] is False  # defaulted on create
    assert record["ManageableState"] == "unmanaged" and record["NamespacePrefix"] is None
    assert record["CreatedDate"].endswith("+0000") and len(record["CreatedDate"]) == 28
    patched = sf.call("PATCH", f"/sobjects/{EXT}/{ext}", json={"IsActive": True, "MasterLabel": "Webinars"})
    assert (patched.status_code, patched.content) == (204, b"")
    again = sf.call("GET", f"/sobjects/{EXT}/{ext}", params={"fields": "MasterLabel,isactive"}).json()
    assert {k: v for k, v in again.items() if k != "attributes"} == {"MasterLabel": "Webinars", "IsActive": True}


def test_api_version_is_echoed_and_checked(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "V"})
    sf.version = "53.0"
    assert sf.call("GET", f"/sobjects/{EXT}/{ext}").json()["attributes"]["url"].startswith("/services/data/v53.0/")
    assert sf.call("GET", "/sobjects/PardotTenant/describe").status_code == 404  # PardotTenant from v56.0
    sf.version = "52.0"
    old = sf.call("GET", f"/sobjects/{EXT}/{ext}")
    assert (old.status_code, sf.error(old)["errorCode"]) == (404, "NOT_FOUND")
    sf.version = "68.0"
    assert sf.call("GET", f"/sobjects/{EXT}/{ext}").status_code == 200


def test_developer_name_generated_from_label(sf: SalesforceClient) -> None:
    first = sf.created_id(EXT, {"MasterLabel": "My  Webinar-Service!"})
    second = sf.created_id(EXT, {"MasterLabel": "My Webinar Service"})
    names = [sf.call("GET", f"/sobjects/{EXT}/{i}").json()["DeveloperName"] for i in (first, second)]
    assert names == ["My_Webinar_Service", "My_Webinar_Service_1"]


@pytest.mark.parametrize("name", ["1abc", "has space", "ends_", "two__underscores", "_lead", "dash-ed"])
def test_developer_name_rules(sf: SalesforceClient, name: str) -> None:
    response = sf.create(EXT, {"MasterLabel": "X", "DeveloperName": name})
    assert response.status_code == 400
    error = sf.error(response)
    assert (error["errorCode"], error["fields"]) == ("FIELD_INTEGRITY_EXCEPTION", ["DeveloperName"])


def test_developer_name_length_is_configurable(sf: SalesforceClient, control: SandboxControl) -> None:
    assert sf.create(EXT, {"MasterLabel": "X", "DeveloperName": "A" * 40}).status_code == 201
    too_long = sf.create(EXT, {"MasterLabel": "X", "DeveloperName": "B" * 41})
    assert sf.error(too_long)["errorCode"] == "STRING_TOO_LONG"
    control.settings("salesforce", developer_name_max_length=80)
    assert sf.create(EXT, {"MasterLabel": "X", "DeveloperName": "B" * 41}).status_code == 201


def test_developer_name_unique_case_insensitively(sf: SalesforceClient, control: SandboxControl) -> None:
    first = sf.created_id(EXT, {"MasterLabel": "W", "DeveloperName": "Webinar"})
    duplicate = sf.create(EXT, {"MasterLabel": "W", "DeveloperName": "WEBINAR"})
    error = sf.error(duplicate)
    assert duplicate.status_code == 400
    assert error == {"errorCode": "DUPLICATE_VALUE", "fields": ["DeveloperName"],
                     "message": f"duplicate value found: DeveloperName duplicates value on record with id: {first}"}
    control.settings("salesforce", duplicate_name_error_code="DUPLICATE_DEVELOPER_NAME")
    assert sf.error(sf.create(EXT, {"MasterLabel": "W", "DeveloperName": "webinar"}))["errorCode"] == (
        "DUPLICATE_DEVELOPER_NAME")


def test_activity_names_org_wide_or_per_extension(sf: SalesforceClient, control: SandboxControl) -> None:
    one = sf.created_id(EXT, {"MasterLabel": "One"})
    two = sf.created_id(EXT, {"MasterLabel": "Two"})
    sf.created_id(ACT, {"MasterLabel": "R", "DeveloperName": "Registered", "MarketingAppExtensionId": one})
    clash = sf.create(ACT, {"MasterLabel": "R", "DeveloperName": "registered", "MarketingAppExtensionId": two})
    assert sf.error(clash)["errorCode"] == "DUPLICATE_VALUE"
    control.settings("salesforce", activity_name_scope="extension")
    ok = sf.create(ACT, {"MasterLabel": "R", "DeveloperName": "registered", "MarketingAppExtensionId": two})
    assert ok.status_code == 201


def test_required_fields(sf: SalesforceClient) -> None:
    missing_label = sf.error(sf.create(EXT, {"DeveloperName": "X"}))
    assert missing_label == {"errorCode": "REQUIRED_FIELD_MISSING", "fields": ["MasterLabel"],
                             "message": "Required fields are missing: [MasterLabel]"}
    missing_parent = sf.error(sf.create(ACT, {"MasterLabel": "R"}))
    assert (missing_parent["errorCode"], missing_parent["fields"]) == (
        "REQUIRED_FIELD_MISSING", ["MarketingAppExtensionId"])
    both = sf.error(sf.create(ASG, {}))
    assert both["fields"] == ["MarketingAppExtensionId", "ParentId"]


def test_create_only_and_read_only_fields(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "E"})
    other = sf.created_id(EXT, {"MasterLabel": "F"})
    act = sf.created_id(ACT, {"MasterLabel": "R", "MarketingAppExtensionId": ext})
    move = sf.call("PATCH", f"/sobjects/{ACT}/{act}", json={"MarketingAppExtensionId": other})
    assert move.status_code == 400
    assert (sf.error(move)["errorCode"], sf.error(move)["fields"]) == (
        "INVALID_FIELD_FOR_INSERT_UPDATE", ["MarketingAppExtensionId"])
    endpoint = sf.create(ACT, {"MasterLabel": "R2", "MarketingAppExtensionId": ext, "EndpointUrl": "https://x"})
    assert sf.error(endpoint)["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    rename = sf.call("PATCH", f"/sobjects/{EXT}/{ext}", json={"DeveloperName": "Renamed"})
    assert sf.error(rename)["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    system = sf.create(EXT, {"MasterLabel": "S", "CreatedDate": "2024-01-01T00:00:00.000+0000"})
    assert sf.error(system)["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    with_id = sf.create(EXT, {"MasterLabel": "S", "Id": ext})
    assert sf.error(with_id) == {"errorCode": "INVALID_FIELD",
                                 "message": "The Id field should not be specified in the sobject data."}


def test_extension_rename_switch(sf: SalesforceClient, control: SandboxControl) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "E", "DeveloperName": "Before"})
    control.settings("salesforce", extension_developer_name_updatable=True)
    assert sf.call("PATCH", f"/sobjects/{EXT}/{ext}", json={"DeveloperName": "After"}).status_code == 204
    assert sf.call("GET", f"/sobjects/{EXT}/{ext}").json()["DeveloperName"] == "After"


def test_activity_developer_name_is_updatable(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "E"})
    act = sf.created_id(ACT, {"MasterLabel": "R", "DeveloperName": "Reg", "MarketingAppExtensionId": ext})
    assert sf.call("PATCH", f"/sobjects/{ACT}/{act}", json={"DeveloperName": "Registered"}).status_code == 204
    bad = sf.call("PATCH", f"/sobjects/{ACT}/{act}", json={"DeveloperName": "bad name"})
    assert sf.error(bad)["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"


def test_unknown_fields_types_and_picklists(sf: SalesforceClient) -> None:
    unknown = sf.error(sf.create(EXT, {"MasterLabel": "X", "Colour": "red"}))
    assert unknown == {"errorCode": "INVALID_FIELD",
                       "message": f"No such column 'Colour' on sobject of type {EXT}"}
    wrong_type = sf.error(sf.create(EXT, {"MasterLabel": "X", "IsActive": "yes"}))
    assert wrong_type["errorCode"] == "JSON_PARSER_ERROR"
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    bad_language = sf.call("PATCH", "/sobjects/PardotTenant/" + sf.ep["business_units"]["HappyHomeTX"],
                           json={"Language": "klingon"})
    assert sf.error(bad_language)["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    too_long = sf.error(sf.call("PATCH", f"/sobjects/{EXT}/{ext}", json={"MasterLabel": "L" * 81}))
    assert too_long["errorCode"] == "STRING_TOO_LONG"


def test_references_are_checked(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    bu = sf.ep["business_units"]["HappyHomeTX"]
    malformed = sf.error(sf.create(ACT, {"MasterLabel": "R", "MarketingAppExtensionId": "xyz"}))
    assert (malformed["errorCode"], malformed["fields"]) == ("MALFORMED_ID", ["MarketingAppExtensionId"])
    wrong_type = sf.error(sf.create(ASG, {"MarketingAppExtensionId": ext, "ParentId": ext}))
    assert (wrong_type["errorCode"], wrong_type["fields"]) == ("FIELD_INTEGRITY_EXCEPTION", ["ParentId"])
    ghost = ext[:6] + ("A" if ext[6] != "A" else "B") + ext[7:15]
    missing = sf.error(sf.create(ASG, {"MarketingAppExtensionId": ghost, "ParentId": bu}))
    assert missing["errorCode"] == "INVALID_CROSS_REFERENCE_KEY"


def test_assignment_crud_and_duplicates(sf: SalesforceClient, control: SandboxControl) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    units = sf.ep["business_units"]
    asg = sf.created_id(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["HappyHomeTX"]})
    dup = sf.create(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["HappyHomeTX"]})
    assert sf.error(dup)["errorCode"] == "DUPLICATE_VALUE"
    # one extension may be assigned to several business units
    second = sf.created_id(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["PardotTenant"]})
    moved = sf.call("PATCH", f"/sobjects/{ASG}/{second}", json={"ParentId": units["HappyHomeTX"]})
    assert sf.error(moved)["errorCode"] == "DUPLICATE_VALUE"
    assert sf.call("DELETE", f"/sobjects/{ASG}/{second}").status_code == 204
    assert sf.call("GET", f"/sobjects/{ASG}/{second}").status_code == 404
    control.settings("salesforce", reject_duplicate_assignments=False)
    assert sf.create(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["HappyHomeTX"]}).status_code == 201
    assert sf.call("GET", f"/sobjects/{ASG}/{asg}").json()["ParentId"] == units["HappyHomeTX"]


@pytest.mark.parametrize(
    ("sobject", "method", "allowed"),
    [
        (EXT, "DELETE", "GET,PATCH"),
        (EXT, "HEAD", "GET,PATCH"),
        (ACT, "DELETE", "GET,HEAD,PATCH"),
        ("PardotTenant", "DELETE", "GET,HEAD,PATCH"),
        (ASG, "PUT", "DELETE,GET,HEAD,PATCH"),
    ],
)
def test_undocumented_verbs_get_405(sf: SalesforceClient, sobject: str, method: str, allowed: str) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    ids = {
        EXT: ext,
        ACT: sf.created_id(ACT, {"MasterLabel": "R", "MarketingAppExtensionId": ext}),
        ASG: sf.created_id(ASG, {"MarketingAppExtensionId": ext, "ParentId": sf.ep["business_units"]["HappyHomeTX"]}),
        "PardotTenant": sf.ep["business_units"]["HappyHomeTX"],
    }
    response = sf.call(method, f"/sobjects/{sobject}/{ids[sobject]}")
    assert response.status_code == 405
    if method != "HEAD":
        assert response.json() == [{"errorCode": "METHOD_NOT_ALLOWED",
                                    "message": f"HTTP Method '{method}' not allowed. Allowed are {allowed}"}]


def test_collection_verbs(sf: SalesforceClient) -> None:
    wrong = sf.call("DELETE", f"/sobjects/{EXT}/")
    assert sf.error(wrong) == {"errorCode": "METHOD_NOT_ALLOWED",
                               "message": "HTTP Method 'DELETE' not allowed. Allowed are GET,POST"}
    info = sf.call("GET", f"/sobjects/{EXT}")
    assert info.status_code == 200 and info.json()["objectDescribe"]["name"] == EXT


def test_allow_delete_switch(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", allow_delete=True)
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    act = sf.created_id(ACT, {"MasterLabel": "R", "MarketingAppExtensionId": ext})
    refused = sf.call("DELETE", f"/sobjects/{EXT}/{ext}")
    assert sf.error(refused)["errorCode"] == "DELETE_FAILED"  # an activity type still refers to it
    assert sf.call("DELETE", f"/sobjects/{ACT}/{act}").status_code == 204
    assert sf.call("DELETE", f"/sobjects/{EXT}/{ext}").status_code == 204
    assert sf.call("GET", f"/sobjects/{EXT}/{ext}").status_code == 404
    assert sf.call("GET", f"/sobjects/{EXT}/describe").json()["deletable"] is True


def test_http_method_override(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    response = sf.call("POST", f"/sobjects/{EXT}/{ext}", params={"_HttpMethod": "PATCH"}, json={"IsActive": True})
    assert response.status_code == 204
    assert sf.call("GET", f"/sobjects/{EXT}/{ext}").json()["IsActive"] is True


def test_ids_15_chars_lowercase_and_bad(sf: SalesforceClient) -> None:
    ext = sf.created_id(EXT, {"MasterLabel": "X"})
    assert sf.call("GET", f"/sobjects/{EXT}/{ext[:15]}").json()["Id"] == ext
    assert sf.call("GET", f"/sobjects/{EXT}/{ext.lower()}").json()["Id"] == ext
    for bad in ("nonsense", ext[:15] + "999", sf.ep["business_units"]["HappyHomeTX"]):
        response = sf.call("GET", f"/sobjects/{EXT}/{bad}")
        assert response.status_code == 404
        assert sf.error(response) == {
            "errorCode": "NOT_FOUND",
            "message": f"Provided external ID field does not exist or is not accessible: {bad}"}
    gone = ext[:6] + ("A" if ext[6] != "A" else "B") + ext[7:15]
    assert sf.error(sf.call("GET", f"/sobjects/{EXT}/{gone}")) == {
        "errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}


def test_bad_bodies_get_salesforce_errors(sf: SalesforceClient) -> None:
    url = f"/sobjects/{EXT}/"
    malformed = sf.call("POST", url, data=b'{"MasterLabel": ', headers={"Content-Type": "application/json"})
    assert (malformed.status_code, sf.error(malformed)["errorCode"]) == (400, "JSON_PARSER_ERROR")
    empty = sf.call("POST", url, data=b"", headers={"Content-Type": "application/json"})
    assert sf.error(empty)["message"] == "The HTTP entity body is required, but this request has no entity body."
    array = sf.call("POST", url, json=[{"MasterLabel": "X"}])
    assert sf.error(array)["errorCode"] == "JSON_PARSER_ERROR"
    text = sf.call("POST", url, data=b"MasterLabel=X", headers={"Content-Type": "text/plain"})
    assert (text.status_code, sf.error(text)["errorCode"]) == (415, "UNSUPPORTED_MEDIA_TYPE")
    nan = sf.call("POST", url, data=b'{"MasterLabel": NaN}', headers={"Content-Type": "application/json"})
    assert sf.error(nan)["errorCode"] == "JSON_PARSER_ERROR"


def test_oversized_body(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", max_body_bytes=1000)
    response = sf.create(EXT, {"MasterLabel": "X", "Description": "d" * 2000})
    assert (response.status_code, sf.error(response)["errorCode"]) == (413, "REQUEST_ENTITY_TOO_LARGE")


def test_unknown_object_and_path(sf: SalesforceClient) -> None:
    unknown = sf.call("GET", "/sobjects/Account/describe")
    assert (unknown.status_code, sf.error(unknown)["errorCode"]) == (404, "NOT_FOUND")
    nowhere = sf.call("GET", f"{sf.base}/services/data/v67.0/nowhere")
    assert (nowhere.status_code, sf.error(nowhere)["errorCode"]) == (404, "NOT_FOUND")


def test_describe_matches_the_rules(sf: SalesforceClient) -> None:
    describe = sf.call("GET", f"/sobjects/{ACT}/describe").json()
    fields = {f["name"]: f for f in describe["fields"]}
    assert describe["name"] == ACT and describe["deletable"] is False and describe["createable"] is True
    assert fields["MarketingAppExtensionId"]["createable"] and not fields["MarketingAppExtensionId"]["updateable"]
    assert fields["MarketingAppExtensionId"]["referenceTo"] == [EXT]
    assert fields["EndpointUrl"]["createable"] is False
    assert fields["DeveloperName"]["length"] == 40
    assert len(fields["Language"]["picklistValues"]) == 18
    global_describe = sf.call("GET", "/sobjects/").json()
    assert global_describe["encoding"] == "UTF-8" and global_describe["maxBatchSize"] == 200
    prefixes = {s["name"]: s["keyPrefix"] for s in global_describe["sobjects"]}
    assert prefixes["PardotTenant"] == "0Uv" and set(prefixes) == {EXT, ACT, ASG, "PardotTenant"}


def test_tenant_rules(sf: SalesforceClient, control: SandboxControl) -> None:
    units = sf.ep["business_units"]
    tenant = units["HappyHomeTX"]
    renamed = sf.call("PATCH", f"/sobjects/PardotTenant/{tenant}", json={"PardotTenantName": "Happy Homes"})
    assert renamed.status_code == 204
    got = sf.call("GET", f"/sobjects/PardotTenant/{tenant}").json()
    assert (got["PardotTenantName"], got["MasterLabel"], got["CreationStatus"]) == (
        "Happy Homes", "Happy Homes", "Created")
    clash = sf.call("PATCH", f"/sobjects/PardotTenant/{tenant}", json={"PardotTenantName": "pardottenant"})
    assert sf.error(clash)["errorCode"] == "DUPLICATE_VALUE"
    delete_live = sf.call("PATCH", f"/sobjects/PardotTenant/{tenant}", json={"CreationStatus": "Deleted"})
    assert sf.error(delete_live)["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"
    creds = control.admin("salesforce", "GET", "credentials").json()
    new = sf.created_id("PardotTenant", {"PardotTenantName": "Austin", "InitialPardotAdminId": creds["user_id"]})
    assert sf.call("GET", f"/sobjects/PardotTenant/{new}").json()["CreationStatus"] == "Creating"
    control.advance_clock(10)
    assert sf.call("GET", f"/sobjects/PardotTenant/{new}").json()["CreationStatus"] == "Created"
    assert sf.error(sf.create("PardotTenant", {"PardotTenantName": "NoAdmin"}))["errorCode"] == "REQUIRED_FIELD_MISSING"


def test_limit_and_assignment_switches(sf: SalesforceClient, control: SandboxControl) -> None:
    control.settings("salesforce", max_extensions_per_org=1, max_activity_types_per_extension=1,
                     single_assignment_per_extension=True)
    ext = sf.created_id(EXT, {"MasterLabel": "Only"})
    assert sf.error(sf.create(EXT, {"MasterLabel": "Second"}))["errorCode"] == "LIMIT_EXCEEDED"
    sf.created_id(ACT, {"MasterLabel": "A", "MarketingAppExtensionId": ext})
    assert sf.error(sf.create(ACT, {"MasterLabel": "B", "MarketingAppExtensionId": ext}))["errorCode"] == (
        "LIMIT_EXCEEDED")
    units = sf.ep["business_units"]
    sf.created_id(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["HappyHomeTX"]})
    second_unit = sf.create(ASG, {"MarketingAppExtensionId": ext, "ParentId": units["PardotTenant"]})
    assert sf.error(second_unit)["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"
