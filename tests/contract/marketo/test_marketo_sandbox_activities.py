"""Add Custom Activities: the seed document's three-record example and per-record errors."""

from __future__ import annotations

from typing import Any

from marketo_fixtures import Marketo

from sandbox.controlclient import SandboxControl

ADD = "/rest/v1/activities/external.json"
EXT = "/rest/v1/activities/external"

URL_TYPE = {
    "apiName": "gameGiveaway", "name": "Game Giveaway", "triggerName": "Enters Giveaway",
    "filterName": "Entered Giveaway", "primaryAttribute": {"apiName": "giveawayName", "name": "Giveaway Name"},
}


def _approved_url_type(mkto: Marketo) -> int:
    mkto.ok("POST", EXT + "/type.json", json=URL_TYPE)
    mkto.ok("POST", EXT + "/type/gameGiveaway/attributes/create.json",
            json={"attributes": [{"apiName": "uRL", "name": "URL", "dataType": "link"}]})
    return int(mkto.ok("POST", EXT + "/type/gameGiveaway/approve.json")[0]["id"])


def _record(lead: int, type_id: int, value: str = "Game Giveaway", **extra: Any) -> dict[str, Any]:
    return {"leadId": lead, "activityDate": "2016-09-26T06:56:35+07:00", "activityTypeId": type_id,
            "primaryAttributeValue": value,
            "attributes": [{"apiName": "uRL", "value": "http://www.nvidia.com/game-giveaway"}], **extra}


def test_three_record_example_with_one_lead_not_found(mkto: Marketo, control: SandboxControl) -> None:
    control.settings("marketo", first_type_id=1001)  # the example's activityTypeId
    assert _approved_url_type(mkto) == 1001
    assert {1001, 1200} <= set(mkto.endpoints["leads"]) and 3000 not in mkto.endpoints["leads"]
    body = {"input": [_record(1001, 1001), _record(1200, 1001), _record(3000, 1001, "Contest Form")]}
    response = mkto.call("POST", ADD, json=body)
    assert response["success"] is True
    assert response["result"] == [
        {"id": 50, "marketoGUID": "50", "status": "added"},
        {"id": 51, "marketoGUID": "51", "status": "added"},
        {"status": "skipped", "errors": [{"code": "1004", "message": "Lead not found"}]},
    ]
    stored = control.state("marketo")["marketo/activity"]
    assert [(a["leadId"], a["activityTypeId"], a["primaryAttributeValue"]) for a in stored] == [
        (1001, 1001, "Game Giveaway"), (1200, 1001, "Game Giveaway")]
    assert stored[0]["attributes"] == [{"apiName": "uRL", "name": "URL",
                                        "value": "http://www.nvidia.com/game-giveaway"}]


def test_per_record_errors_in_order(mkto: Marketo) -> None:
    type_id = _approved_url_type(mkto)
    mkto.ok("POST", EXT + "/type.json", json={**URL_TYPE, "apiName": "draftOnly", "triggerName": "T2",
                                              "filterName": "F2"})
    draft_id = mkto.ok("GET", EXT + "/types.json")[1]["id"]
    records = [
        {k: v for k, v in _record(1001, type_id).items() if k != "leadId"},           # 1002 missing
        _record(1001, type_id) | {"leadId": "abc"},                                    # 1001 not an integer
        _record(1001, type_id) | {"activityDate": "yesterday"},                        # 1001 not a datetime
        _record(1001, 999999),                                                         # 1003 unknown type
        _record(1001, draft_id),                                                       # 1003 draft type
        _record(1001, 2),                                                              # 1003 standard type
        _record(1001, type_id) | {"attributes": [{"apiName": "colour", "value": "x"}]},  # 1006
        _record(1001, type_id) | {"attributes": [{"name": "URL", "value": 12}]},         # 1001 by display name
        _record(1001, type_id) | {"attributes": [{"apiName": "uRL", "value": "x" * 70000}]},  # 1049
        _record(1001, type_id) | {"apiName": "somethingElse"},                         # 1003 apiName mismatch
        _record(1001, type_id) | {"attributes": [{"name": "URL", "value": "http://a.example"}]},  # added
    ]
    result = mkto.ok("POST", ADD, json={"input": records})
    codes = [r["errors"][0]["code"] if r["status"] == "skipped" else r["status"] for r in result]
    assert codes == ["1002", "1001", "1001", "1003", "1003", "1003", "1006", "1001", "1049", "1003", "added"]
    assert "leadId" in result[0]["errors"][0]["message"]


def test_batch_limits_and_body_errors(mkto: Marketo, control: SandboxControl) -> None:
    type_id = _approved_url_type(mkto)
    error = mkto.error("POST", ADD, json={"input": [_record(1001, type_id)] * 301})
    assert error["code"] == "1003" and "300" in error["message"]
    result = mkto.ok("POST", ADD, json={"input": [_record(1201, type_id)] * 300})
    assert [r["status"] for r in result] == ["added"] * 300
    assert mkto.error("POST", ADD, json={"input": []})["code"] == "701"
    assert mkto.error("POST", ADD, json={})["code"] == "701"
    assert mkto.error("POST", ADD, json={"input": {"leadId": 1}})["code"] == "1003"
    control.settings("marketo", max_batch=2)
    assert mkto.error("POST", ADD, json={"input": [_record(1001, type_id)] * 3})["code"] == "1003"


def test_attribute_value_types(mkto: Marketo) -> None:
    mkto.ok("POST", EXT + "/type.json", json=URL_TYPE)
    types = {"s": "string", "b": "boolean", "i": "integer", "f": "float", "l": "link", "e": "email",
             "c": "currency", "d": "date", "dt": "datetime", "p": "phone", "t": "text"}
    mkto.ok("POST", EXT + "/type/gameGiveaway/attributes/create.json", json={"attributes": [
        {"apiName": f"a{k}", "name": f"A {k}", "dataType": dt} for k, dt in types.items()]})
    type_id = mkto.ok("POST", EXT + "/type/gameGiveaway/approve.json")[0]["id"]
    good = {"s": "x", "b": True, "i": 3, "f": 1.5, "l": "http://x", "e": "a@b.example", "c": "9.99",
            "d": "2016-09-26", "dt": "2016-09-26T06:56:35Z", "p": "+1 555", "t": "long text"}
    bad = {"s": "x" * 256, "b": "yes", "i": 1.5, "f": "many", "l": 5, "e": "not-an-email", "c": True,
           "d": "26/09/2016", "dt": "soon", "p": 5, "t": 7}
    records = [{"leadId": 1001, "activityDate": "2016-09-26T06:56:35+0000", "activityTypeId": type_id,
                "primaryAttributeValue": "x",
                "attributes": [{"apiName": f"a{k}", "value": v} for k, v in good.items()]}]
    records += [{"leadId": 1001, "activityDate": "2016-09-26T06:56:35Z", "activityTypeId": type_id,
                 "primaryAttributeValue": "x", "attributes": [{"apiName": f"a{k}", "value": v}]}
                for k, v in bad.items()]
    result = mkto.ok("POST", ADD, json={"input": records})
    assert result[0]["status"] == "added", result[0]
    for key, item in zip(bad, result[1:], strict=True):
        assert item["status"] == "skipped", key
        assert item["errors"][0]["code"] == "1001", (key, item)
        assert f"a{key}" in item["errors"][0]["message"]
