"""The live inventory's pure parts: vendor answers -> schema entries and natural keys."""

from __future__ import annotations

from activity_schemas.inventory import Inventory, account_engagement, eloqua, marketo
from activity_schemas.schema import SchemaFile


def test_eloqua_types_with_their_assets_and_an_unexportable_type() -> None:
    inv = eloqua.inventory_of(
        [{"id": "10002", "name": "webinar", "activityTypes": [{"id": "1", "name": "Attended"}]},
         {"id": "10001", "name": "Tradeshow", "description": "x",
          "activityTypes": [{"id": "2", "name": "Registered"}, {"id": "3", "name": "Attended"}]},
         {"id": "10003", "name": "Empty", "activityTypes": []}],
        [{"id": "20002", "name": "tradeshow 2022", "externalAssetTypeId": "10001", "description": "Austin"},
         {"id": "20001", "name": "Tradeshow 2021", "externalAssetTypeId": "10001", "description": ""}],
    )
    assert inv.section == {"externalAssetTypes": [
        {"name": "Tradeshow", "description": "x", "activityTypes": ["Registered", "Attended"],
         "assets": ["Tradeshow 2021", {"name": "tradeshow 2022", "description": "Austin"}]},
        {"name": "webinar", "activityTypes": ["Attended"]},
    ]}
    assert [(o.key, o.id, o.note) for o in inv.objects] == [  # the empty type is still a live object (drift)
        ("Empty", "10003", None), ("Tradeshow", "10001", None), ("webinar", "10002", None)]
    # What export writes is a valid schema, and it declares the live descriptions.
    parsed = SchemaFile.model_validate({"eloqua": inv.section})
    [tradeshow, _] = parsed.eloqua.external_asset_types if parsed.eloqua else []
    assert tradeshow.description == "x"
    assert [(a.name, a.description) for a in tradeshow.assets] == [
        ("Tradeshow 2021", None), ("tradeshow 2022", "Austin")]
    assert inv.skipped == ["external asset type 'Empty' has no activity types (a schema entry needs at least one)"]


def test_marketo_entry_from_describe_and_a_never_approved_draft() -> None:
    described = {
        "apiName": "attendConference", "name": "Attend Conference", "triggerName": "Attends", "filterName": "Attended",
        "status": "approved", "id": 100001,
        "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name", "dataType": "string"},
        "attributes": [{"apiName": "badgeNumber", "name": "Badge Number", "dataType": "integer"}],
    }
    draft = {"apiName": "visitBooth", "name": "Visit Booth", "triggerName": "Visits", "filterName": "Visited",
             "status": "draft", "primaryAttribute": {"apiName": "boothName", "name": "Booth"}}
    inv = marketo.inventory_of([{"apiName": "visitBooth", "status": "draft"},
                                {"apiName": "attendConference", "status": "approved with draft"}],
                               {"attendConference": described, "visitBooth": draft})
    entries = inv.section["customActivityTypes"]
    assert entries[0] == {
        "apiName": "attendConference", "name": "Attend Conference", "triggerName": "Attends",
        "filterName": "Attended", "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"},
        "attributes": [{"apiName": "badgeNumber", "name": "Badge Number", "dataType": "integer"}],
    }
    assert entries[1]["approve"] is False and "attributes" not in entries[1]
    assert inv.objects[0].note == "a draft is pending in Marketo: the export holds the approved version"
    SchemaFile.model_validate({"marketo": inv.section})


def test_account_engagement_extensions_types_units_and_retired_objects() -> None:
    ext_id, other_id = "1Ex000000000001AAA", "1Ex000000000002AAA"
    inv = account_engagement.inventory_of(
        [{"Id": ext_id, "DeveloperName": "Webinar_Service", "MasterLabel": "Webinar Service", "IsActive": True},
         {"Id": other_id, "DeveloperName": "Old_retired123456", "MasterLabel": "Old", "IsActive": False,
          "Description": "[retired by activity-schemas: Old] was old"},
         {"Id": "1Ex000000000003AAA", "DeveloperName": "Lonely", "MasterLabel": "Lonely", "IsActive": False}],
        [{"Id": "1Ea000000000001AAA", "MarketingAppExtensionId": ext_id, "DeveloperName": "registered",
          "MasterLabel": "Registered", "Description": "Signed up"}],
        [{"Id": "1Eb000000000001AAA", "MarketingAppExtensionId": ext_id[:15], "ParentId": "0Uv000000000001AAA"}],
        [{"Id": "0Uv000000000001AAA", "PardotTenantName": "HappyHomeTX"}],
    )
    assert inv.section == {"extensions": [{
        "developerName": "Webinar_Service", "masterLabel": "Webinar Service", "businessUnit": "HappyHomeTX",
        "activityTypes": [{"developerName": "registered", "masterLabel": "Registered", "description": "Signed up"}],
        "active": True,
    }]}
    assert [(o.kind, o.key, o.parent) for o in inv.objects] == [
        ("extension", "Lonely", None), ("extension", "Webinar_Service", None),
        ("activity type", "Webinar_Service.registered", "Webinar_Service")]
    assert inv.skipped == ["extension Lonely has no activity types (a schema entry needs at least one)"]
    assert inv.objects[0].note == "not assigned to any business unit: set businessUnit before applying"
    # one flag per extension in the schema: a mixed live state is said, not silently flattened
    assert inv.objects[1].note == ("active, but activity type(s) registered inactive: after adoption the preview "
                                   "shows their activation for review (the schema holds one flag per extension)")


def test_schema_document_holds_only_vendors_with_objects() -> None:
    inventory = Inventory()
    inventory.vendors["eloqua"] = eloqua.inventory_of(
        [{"id": "1", "name": "T", "activityTypes": [{"id": "2", "name": "A"}]}], [])
    inventory.vendors["marketo"] = marketo.inventory_of([], {})
    assert inventory.schema_document() == {"version": 1, "eloqua": {"externalAssetTypes": [
        {"name": "T", "activityTypes": ["A"]}]}}
