"""Reading activities back: paging token and Get Lead Activities, with paging and filters."""

from __future__ import annotations

from typing import Any

from marketo_fixtures import Marketo

from sandbox.controlclient import SandboxControl

EXT = "/rest/v1/activities/external"
TOKEN = "/rest/v1/activities/pagingtoken.json"
READ = "/rest/v1/activities.json"


def _type(mkto: Marketo, api_name: str) -> int:
    mkto.ok("POST", EXT + "/type.json", json={
        "apiName": api_name, "name": api_name, "triggerName": f"T {api_name}", "filterName": f"F {api_name}",
        "primaryAttribute": {"apiName": "title", "name": "Title"}})
    mkto.ok("POST", f"{EXT}/type/{api_name}/attributes/create.json",
            json={"attributes": [{"apiName": "seats", "name": "Seats", "dataType": "integer"}]})
    return int(mkto.ok("POST", f"{EXT}/type/{api_name}/approve.json")[0]["id"])


def _add(mkto: Marketo, type_id: int, lead: int, day: int) -> None:
    result = mkto.ok("POST", EXT + ".json", json={"input": [{
        "leadId": lead, "activityDate": f"2016-09-{day:02d}T06:56:35Z", "activityTypeId": type_id,
        "primaryAttributeValue": f"day {day}", "attributes": [{"apiName": "seats", "value": day}]}]})
    assert result[0]["status"] == "added"


def _token(mkto: Marketo, since: str) -> str:
    body = mkto.call("GET", TOKEN, params={"sinceDatetime": since})
    assert body["success"] is True and "result" not in body
    return str(body["nextPageToken"])


def test_pages_in_date_order_with_filters(mkto: Marketo) -> None:
    conference = _type(mkto, "attendConference")
    webinar = _type(mkto, "attendWebinar")
    for day, lead in [(5, 1001), (3, 1200), (4, 1001), (1, 1201), (2, 1001)]:
        _add(mkto, conference, lead, day)
    _add(mkto, webinar, 1001, 6)
    token = _token(mkto, "2016-09-02T00:00:00Z")
    seen: list[dict[str, Any]] = []
    more = True
    pages = 0
    while more:
        body = mkto.call("GET", READ, params={"nextPageToken": token, "activityTypeIds": str(conference),
                                               "batchSize": "2"})
        assert body["success"] is True
        seen += body["result"]
        more, token = body["moreResult"], body["nextPageToken"]
        pages += 1
    assert pages == 2
    assert [a["primaryAttributeValue"] for a in seen] == ["day 2", "day 3", "day 4", "day 5"]
    assert seen[0]["attributes"] == [{"apiName": "seats", "name": "Seats", "value": 2}]
    assert seen[0]["marketoGUID"] == str(seen[0]["id"])
    # the last token is reusable: nothing new yet, then a new activity appears
    body = mkto.call("GET", READ, params={"nextPageToken": token, "activityTypeIds": str(conference)})
    assert (body["result"], body["moreResult"]) == ([], False)
    _add(mkto, conference, 1202, 7)
    body = mkto.call("GET", READ, params={"nextPageToken": token, "activityTypeIds": str(conference)})
    assert [a["leadId"] for a in body["result"]] == [1202]
    # filters: several type ids (comma-separated or repeated), lead ids
    start = _token(mkto, "2016-01-01T00:00:00+00:00")
    both = mkto.ok("GET", READ, params={"nextPageToken": start, "activityTypeIds": f"{conference},{webinar}"})
    assert len(both) == 7
    repeated = mkto.ok("GET", READ, params={"nextPageToken": start, "activityTypeIds": [conference, webinar],
                                             "leadIds": "1001"})
    assert [a["primaryAttributeValue"] for a in repeated] == ["day 2", "day 4", "day 5", "day 6"]


def test_read_errors(mkto: Marketo) -> None:
    assert mkto.error("GET", TOKEN)["code"] == "701"
    assert mkto.error("GET", TOKEN, params={"sinceDatetime": "yesterday"})["code"] == "704"
    token = _token(mkto, "2016-01-01")
    assert mkto.error("GET", READ, params={"activityTypeIds": "1"})["code"] == "701"
    assert mkto.error("GET", READ, params={"nextPageToken": "!!", "activityTypeIds": "1"})["code"] == "1003"
    assert mkto.error("GET", READ, params={"nextPageToken": token})["code"] == "701"
    assert mkto.error("GET", READ, params={"nextPageToken": token, "activityTypeIds": "x"})["code"] == "1001"
    eleven = ",".join(str(i) for i in range(11))
    assert mkto.error("GET", READ, params={"nextPageToken": token, "activityTypeIds": eleven})["code"] == "1003"
    leads = ",".join(str(i) for i in range(31))
    assert mkto.error("GET", READ, params={"nextPageToken": token, "activityTypeIds": "1",
                                           "leadIds": leads})["code"] == "1003"
    assert mkto.error("GET", READ, params={"nextPageToken": token, "activityTypeIds": "1",
                                           "batchSize": "301"})["code"] == "1003"
    assert mkto.error("GET", READ, auth=False, params={"nextPageToken": token,
                                                       "activityTypeIds": "1"})["code"] == "601"


def test_activity_dates_read_back_in_utc(mkto: Marketo, control: SandboxControl) -> None:
    """Adobe's add example sends ``+07:00``; reads give UTC with ``Z`` (the newest read example's form,
    and what clients parse). ``read_activity_dates: as_sent`` echoes the sent string instead."""
    type_id = _type(mkto, "attendConference")
    for date in ("2016-09-26T06:56:35+07:00", "2016-09-26T01:02:03.456+0000", "2016-09-27T06:56:35Z"):
        assert mkto.ok("POST", EXT + ".json", json={"input": [{
            "leadId": 1001, "activityDate": date, "activityTypeId": type_id, "primaryAttributeValue": date,
            "attributes": []}]})[0]["status"] == "added"
    params = {"nextPageToken": _token(mkto, "2016-09-01T00:00:00Z"), "activityTypeIds": str(type_id)}
    read = mkto.call("GET", READ, params=params)["result"]
    assert [(a["primaryAttributeValue"], a["activityDate"]) for a in read] == [
        ("2016-09-26T06:56:35+07:00", "2016-09-25T23:56:35Z"),  # oldest first
        ("2016-09-26T01:02:03.456+0000", "2016-09-26T01:02:03Z"),
        ("2016-09-27T06:56:35Z", "2016-09-27T06:56:35Z"),
    ]
    control.settings("marketo", read_activity_dates="as_sent")
    read = mkto.call("GET", READ, params=params)["result"]
    assert [a["activityDate"] for a in read] == [a["primaryAttributeValue"] for a in read]
