"""Add Custom Activities (``POST /rest/v1/activities/external.json``): per-record added / skipped.

Why per-record results with ``success: true``: Marketo reports each input in order, a skipped record
carrying ``errors`` (the key of the endpoint's own example, reference 2.4), while the call succeeds.
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.context import SandboxContext
from sandbox.marketo import validation as v
from sandbox.marketo.custom_types import CustomTypes, iso
from sandbox.marketo.envelope import MarketoError
from sandbox.marketo.settings import DEFAULTS

ACTIVITY = "activity"
LEAD = "lead"
RECORD_FIELDS = ("leadId", "activityDate", "activityTypeId", "primaryAttributeValue", "attributes", "apiName")
MAX_ATTRIBUTE_BYTES = 65536

Doc = dict[str, Any]


class Skip(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _integer(record: Doc, field: str) -> int:
    value = record.get(field)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Skip("1001", f"Invalid value '{value}'. Required of type 'integer' for '{field}'")
    try:
        return int(value)
    except ValueError:
        raise Skip("1001", f"Invalid value '{value}'. Required of type 'integer' for '{field}'") from None


class Activities:
    def __init__(self, ctx: SandboxContext, vendor: str, types: CustomTypes) -> None:
        self.ctx = ctx
        self.vendor = vendor
        self.types = types

    def setting(self, name: str) -> Any:
        return self.ctx.setting(self.vendor, name, DEFAULTS[name])

    def add(self, body: Doc) -> list[Doc]:
        policy = str(self.setting("unknown_fields"))
        v.check_unknown(body, ("input",), "the request body", policy)
        records = body.get("input")
        if records is None or records == []:
            raise MarketoError("701", "input cannot be blank")
        if not isinstance(records, list):
            raise MarketoError("1003", "Invalid data: 'input' must be an array")
        limit = int(self.setting("max_batch"))
        if len(records) > limit:
            raise MarketoError("1003", f"Invalid data: 'input' holds {len(records)} records, at most {limit} "
                                       "are allowed per call")
        results: list[Doc] = []
        with self.ctx.store.transaction():
            for index, record in enumerate(records):
                try:
                    results.append(self._add_one(record, index, policy))
                except Skip as skip:
                    results.append({"status": "skipped", "errors": [{"code": skip.code, "message": skip.message}]})
        return results

    def _add_one(self, record: Any, index: int, policy: str) -> Doc:
        if not isinstance(record, dict):
            raise Skip("1003", f"Invalid data: input[{index}] must be a JSON object")
        if policy != "ignore":
            unknown = sorted(set(record) - set(RECORD_FIELDS))
            if unknown:
                raise Skip("1003", f"Invalid data: unknown field '{unknown[0]}'")
        for field in ("leadId", "activityDate", "activityTypeId", "primaryAttributeValue"):
            if record.get(field) is None or record.get(field) == "":
                raise Skip("1002", f"Missing value for required parameter '{field}'")
        lead_id = _integer(record, "leadId")
        type_id = _integer(record, "activityTypeId")
        activity_date = record["activityDate"]
        if not isinstance(activity_date, str) or v.parse_datetime(activity_date) is None:
            raise Skip("1001", f"Invalid value '{activity_date}'. Required of type 'datetime' for 'activityDate'")
        doc = self.types.by_id(type_id)
        if doc is None or not doc.get("live"):
            raise Skip("1003", f"Invalid data: activity type {type_id} is not an approved custom activity type")
        if record.get("apiName") is not None and record["apiName"] != doc["apiName"]:
            raise Skip("1003", f"Invalid data: apiName '{record['apiName']}' does not match activity type {type_id}")
        live = doc["live"]
        primary_value = record["primaryAttributeValue"]
        if not isinstance(primary_value, str):
            raise Skip("1001", f"Invalid value '{primary_value}'. Required of type 'string' for "
                               "'primaryAttributeValue'")
        if not v.value_fits(primary_value, live["primaryAttribute"].get("dataType", "string")):
            raise Skip("1001", f"Invalid value '{primary_value}'. Required of type "
                               f"'{live['primaryAttribute'].get('dataType')}' for 'primaryAttributeValue'")
        attributes = self._attributes(record.get("attributes"), live)
        if self.ctx.store.get(f"{self.vendor}/{LEAD}", str(lead_id)) is None:
            raise Skip("1004", "Lead not found")
        number = self.ctx.store.next_counter(f"{self.vendor}/activityId")
        activity_id = int(self.setting("first_activity_id")) + number - 1
        self.ctx.store.insert(f"{self.vendor}/{ACTIVITY}", str(activity_id), {
            "id": activity_id, "marketoGUID": str(activity_id), "leadId": lead_id,
            "activityDate": activity_date, "activityTypeId": type_id, "apiName": doc["apiName"],
            "primaryAttributeValue": primary_value, "attributes": attributes,
            "createdAt": iso(self.ctx.clock.now()),
        })
        doc["activityCount"] = int(doc.get("activityCount", 0)) + 1
        self.ctx.store.put(self.types.kind, doc["apiName"], doc)
        return {"id": activity_id, "marketoGUID": str(activity_id), "status": "added"}

    @staticmethod
    def _attributes(raw: Any, live: Doc) -> list[Doc]:
        """Secondary attribute values by ``apiName`` or display ``name`` (reference 4)."""
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise Skip("1003", "Invalid data: 'attributes' must be an array")
        if len(json.dumps(raw).encode()) > MAX_ATTRIBUTE_BYTES:
            raise Skip("1049", f"Failed to create activity: attributes exceed {MAX_ATTRIBUTE_BYTES} bytes")
        out: list[Doc] = []
        for item in raw:
            if not isinstance(item, dict) or not (item.get("apiName") or item.get("name")):
                raise Skip("1003", "Invalid data: each attribute needs 'apiName' or 'name' and 'value'")
            key = item.get("apiName") or item.get("name")
            field = "apiName" if item.get("apiName") else "name"
            match = next((a for a in live.get("attributes", []) if a[field] == key), None)
            if match is None:
                raise Skip("1006", f"Field '{key}' not found")
            value = item.get("value")
            if not v.value_fits(value, match["dataType"]):
                raise Skip("1001", f"Invalid value '{value}'. Required of type '{match['dataType']}' for "
                                   f"'{match['apiName']}'")
            out.append({"apiName": match["apiName"], "name": match["name"], "value": value})
        return out
