"""Reading activities back: ``GET /rest/v1/activities/pagingtoken.json`` and ``/activities.json``.

Why: added activities should be observable through the vendor API itself (seed document, "Fråga"
section), not only through the sandbox's state dump. The paging token is an opaque base32 string,
like Marketo's, holding the ``sinceDatetime`` and the position of the last activity returned.
"""

from __future__ import annotations

import base64
from datetime import UTC
from typing import Any

from starlette.requests import Request

from sandbox.context import SandboxContext
from sandbox.marketo import validation as v
from sandbox.marketo.activities import ACTIVITY
from sandbox.marketo.envelope import MarketoError
from sandbox.marketo.settings import DEFAULTS

MAX_TYPE_IDS = 10
MAX_LEAD_IDS = 30
MAX_BATCH = 300

Doc = dict[str, Any]


def _millis(value: str) -> int | None:
    parsed = v.parse_datetime(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1000)


def utc_date(value: str) -> str:
    """An activity date as Marketo reads it back: UTC, whole seconds, ``Z`` (``+07:00`` in, ``Z`` out)."""
    parsed = v.parse_datetime(value)
    if parsed is None:
        return value
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def encode_token(last_ms: int, last_id: int) -> str:
    return base64.b32encode(f"{last_ms}|{last_id}".encode()).decode()


def decode_token(token: str) -> tuple[int, int]:
    try:
        last_ms, last_id = base64.b32decode(token.encode(), casefold=True).decode().split("|")
        return int(last_ms), int(last_id)
    except (ValueError, UnicodeDecodeError):
        raise MarketoError("1003", "Invalid data: 'nextPageToken' is not a valid paging token") from None


def _id_list(request: Request, name: str, limit: int, *, required: bool) -> list[int] | None:
    raw = ",".join(request.query_params.getlist(name))
    if not raw:
        if required:
            raise MarketoError("701", f"{name} cannot be blank")
        return None
    ids: list[int] = []
    for part in raw.split(","):
        try:
            ids.append(int(part.strip()))
        except ValueError:
            raise MarketoError("1001", f"Invalid value '{part}'. Required of type 'integer' for '{name}'") from None
    if len(ids) > limit:
        raise MarketoError("1003", f"Invalid data: at most {limit} values are allowed in '{name}'")
    return ids


class ActivityReader:
    def __init__(self, ctx: SandboxContext, vendor: str) -> None:
        self.ctx = ctx
        self.vendor = vendor

    def paging_token(self, request: Request) -> Doc:
        since = request.query_params.get("sinceDatetime")
        if not since:
            raise MarketoError("701", "sinceDatetime cannot be blank")
        millis = _millis(since)
        if millis is None:
            raise MarketoError("704", f"Invalid date format for 'sinceDatetime': '{since}'")
        return {"nextPageToken": encode_token(millis, -1)}

    def page(self, request: Request) -> Doc:
        """One page of activities after the token's position, oldest first (``activityDate``, id)."""
        token = request.query_params.get("nextPageToken")
        if not token:
            raise MarketoError("701", "nextPageToken cannot be blank")
        last_ms, last_id = decode_token(token)
        type_ids = _id_list(request, "activityTypeIds", MAX_TYPE_IDS, required=True) or []
        lead_ids = _id_list(request, "leadIds", MAX_LEAD_IDS, required=False)
        batch = request.query_params.get("batchSize") or str(MAX_BATCH)
        if not batch.isdigit() or not 1 <= int(batch) <= MAX_BATCH:
            raise MarketoError("1003", f"Invalid data: 'batchSize' must be 1-{MAX_BATCH}, got '{batch}'")
        found: list[tuple[int, int, Doc]] = []
        for doc in self.ctx.store.all(f"{self.vendor}/{ACTIVITY}"):
            millis = _millis(str(doc["activityDate"])) or 0
            if doc["activityTypeId"] not in type_ids or (lead_ids is not None and doc["leadId"] not in lead_ids):
                continue
            if (millis, doc["id"]) > (last_ms, last_id):
                found.append((millis, doc["id"], doc))
        found.sort(key=lambda item: (item[0], item[1]))
        page = found[: int(batch)]
        more = len(found) > len(page)
        if page:
            last_ms, last_id = page[-1][0], page[-1][1]
        utc = self.ctx.setting(self.vendor, "read_activity_dates", DEFAULTS["read_activity_dates"]) == "utc"
        out: Doc = {"nextPageToken": encode_token(last_ms, last_id), "moreResult": more,
                    "result": [self._view(doc, utc=utc) for _, _, doc in page]}
        return out

    @staticmethod
    def _view(doc: Doc, *, utc: bool) -> Doc:
        date = str(doc["activityDate"])
        return {
            "id": doc["id"], "marketoGUID": doc["marketoGUID"], "leadId": doc["leadId"],
            "activityDate": utc_date(date) if utc else date, "activityTypeId": doc["activityTypeId"],
            "primaryAttributeValue": doc["primaryAttributeValue"],
            "attributes": [{"apiName": a["apiName"], "name": a["name"], "value": a["value"]}
                           for a in doc.get("attributes", [])],
        }
