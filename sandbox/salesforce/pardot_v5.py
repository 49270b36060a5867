"""Account Engagement API v5 ``/api/v5/external-activities`` (account-engagement.md §5, §6, §8).

Why the checks run in this order: authentication (184), then the business unit header (181,
201), then the body (151, 152, 150, 153, 154), then the setup objects and the prospect. A client
that fixes one error at a time meets them in the order a real integration does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.context import SandboxContext
from sandbox.salesforce import ids, records, tokens
from sandbox.salesforce.errors import v5_error
from sandbox.salesforce.objects import ACTIVITY, ASSIGNMENT, EXTENSION, TENANT

VENDOR = "account_engagement"
PROSPECT_KIND = f"{VENDOR}/Prospect"
ACTIVITY_KIND = f"{VENDOR}/ExternalActivity"
REQUIRED = ("extension", "type", "email", "value")
OPTIONAL = ("activityDate",)
READ_FIELDS = ("id", "extension", "type", "email", "value", "activityDate", "prospectId", "createdAt")
LIVE_TENANT_STATUSES = ("Created", "Updated", "Backfilled")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ISO_WITH_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})")
SEED_PROSPECTS = ("codey@example.com", "astro@example.com", "einstein@example.com")


class V5Error(Exception):
    def __init__(self, code: int, detail: str | None = None) -> None:
        super().__init__(code)
        self.code, self.detail = code, detail


def seed_prospects(ctx: SandboxContext) -> None:
    for n, email in enumerate(SEED_PROSPECTS, start=1):
        ctx.store.put(PROSPECT_KIND, email, {"id": 1000 + n, "email": email})


def prospect_emails(ctx: SandboxContext) -> list[str]:
    return [p["email"] for p in ctx.store.all(PROSPECT_KIND)]


def _iso(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat(timespec="seconds")


class ExternalActivitiesApi:
    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx

    def setting(self, name: str, default: Any) -> Any:
        return self.ctx.setting(VENDOR, name, default)

    def routes(self) -> list[BaseRoute]:
        methods = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"]
        return [
            Route("/api/v5/external-activities", self.collection, methods=methods),
            Route("/api/v5/external-activities/{activity_id}", self.item, methods=methods),
        ]

    async def collection(self, request: Request) -> Response:
        try:
            tenant = self._authorize(request)
            if request.method == "POST":
                return await self._create(request, tenant)
            if request.method == "GET":
                return self._query(request, tenant)
            raise V5Error(60, f"{request.method} is not supported; use GET or POST")
        except V5Error as error:
            return v5_error(error.code, error.detail)

    async def item(self, request: Request) -> Response:
        try:
            tenant = self._authorize(request)
            if request.method != "GET":
                raise V5Error(60, f"{request.method} is not supported; use GET")
            fields = self._fields(request)
            raw = request.path_params["activity_id"]
            doc = self.ctx.store.get(ACTIVITY_KIND, raw) if raw.isdigit() else None
            if doc is None or doc["businessUnitId"] != tenant["Id"]:
                raise V5Error(109, f"external activity {raw}")
            return JSONResponse({f: doc.get(f) for f in fields})
        except V5Error as error:
            return v5_error(error.code, error.detail)

    # -- checks ----------------------------------------------------------------------------
    def _authorize(self, request: Request) -> dict[str, Any]:
        session = tokens.lookup_access(self.ctx, tokens.bearer(request.headers.get("authorization")))
        if session is None or "pardot_api" not in session.scopes:
            raise V5Error(184)
        raw_unit = request.headers.get("pardot-business-unit-id")
        if raw_unit is None or not raw_unit.strip():
            raise V5Error(181, "Pardot-Business-Unit-Id")
        unit = ids.normalize(raw_unit.strip())
        tenant = records.get(self.ctx, TENANT, unit) if unit and unit.startswith(TENANT.key_prefix) else None
        if tenant is None or tenant["CreationStatus"] not in LIVE_TENANT_STATUSES:
            raise V5Error(201)
        return tenant

    async def _body(self, request: Request) -> dict[str, Any]:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            raise V5Error(151, content_type or "(none)")
        raw = await request.body()
        if len(raw) > int(self.setting("max_body_bytes", 100_000)):
            raise V5Error(154, "request body too large")
        if not raw.strip():
            raise V5Error(152)
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise V5Error(150) from None
        if not isinstance(body, dict):
            raise V5Error(150)
        return body

    def _validate(self, body: dict[str, Any]) -> dict[str, Any]:
        for name in body:
            if name not in REQUIRED + OPTIONAL:
                raise V5Error(154, f"{name} is not a property of an external activity")
        for name in REQUIRED:
            if body.get(name) in (None, ""):
                raise V5Error(153, name)
        for name in (*REQUIRED, *OPTIONAL):
            if name in body and body[name] is not None and not isinstance(body[name], str):
                raise V5Error(154, f"{name} must be a string")
        if len(body["value"]) > 100:
            raise V5Error(154, "value must be at most 100 characters")
        if len(body["email"]) > 255 or not _EMAIL.fullmatch(body["email"]):
            raise V5Error(4, body["email"][:255])
        activity_date = body.get("activityDate")
        if activity_date is not None:
            if not _ISO_WITH_OFFSET.fullmatch(activity_date):
                raise V5Error(154, "activityDate must be an ISO 8601 date-time with an offset")
            try:
                dt.datetime.fromisoformat(activity_date.replace("Z", "+00:00"))
            except ValueError:
                raise V5Error(154, "activityDate must be an ISO 8601 date-time with an offset") from None
        return body

    def _check_setup(self, body: dict[str, Any], tenant: dict[str, Any]) -> None:
        """Extension and type active, extension assigned to the header's business unit."""
        code = int(self.setting("inactive_setup_code", 154))
        wanted = body["extension"].lower()
        extension = next((e for e in records.all_records(self.ctx, EXTENSION)
                          if e["DeveloperName"].lower() == wanted), None)
        if extension is None or not extension["IsActive"]:
            raise V5Error(code, "extension")
        assigned = any(a["MarketingAppExtensionId"] == extension["Id"] and a["ParentId"] == tenant["Id"]
                       for a in records.all_records(self.ctx, ASSIGNMENT))
        if not assigned:
            raise V5Error(code, "extension")
        wanted_type = body["type"].lower()
        activity = next((a for a in records.all_records(self.ctx, ACTIVITY)
                         if a["MarketingAppExtensionId"] == extension["Id"]
                         and a["DeveloperName"].lower() == wanted_type), None)
        if activity is None or not activity["IsActive"]:
            raise V5Error(code, "type")

    async def _create(self, request: Request, tenant: dict[str, Any]) -> Response:
        body = self._validate(await self._body(request))
        with self.ctx.store.transaction():
            self._check_setup(body, tenant)
            prospect = self.ctx.store.get(PROSPECT_KIND, body["email"].lower())
            if prospect is None:
                raise V5Error(int(self.setting("unknown_prospect_code", 92)), body["email"])
            now = self.ctx.clock.now()
            number = self.ctx.store.next_counter(f"{VENDOR}/activity_id")
            doc = {
                "id": number, "extension": body["extension"], "type": body["type"],
                "email": prospect["email"], "value": body["value"],
                "activityDate": body.get("activityDate") or _iso(now), "prospectId": prospect["id"],
                "createdAt": _iso(now), "businessUnitId": tenant["Id"],
            }
            self.ctx.store.insert(ACTIVITY_KIND, str(number), doc)
        if self.setting("accepted_body", "json") == "empty":
            return Response(status_code=202)
        return JSONResponse({k: doc[k] for k in READ_FIELDS if k not in ("prospectId", "createdAt")},
                            status_code=202)

    def _fields(self, request: Request) -> list[str]:
        raw = request.query_params.get("fields")
        if not raw:
            raise V5Error(13, "fields")
        fields = [f.strip() for f in raw.split(",") if f.strip()]
        unknown = [f for f in fields if f not in READ_FIELDS]
        if unknown:
            raise V5Error(180, ", ".join(unknown))
        return fields

    def _query(self, request: Request, tenant: dict[str, Any]) -> Response:
        fields = self._fields(request)
        try:
            limit = int(request.query_params.get("limit", "200"))
            offset = int(request.query_params.get("offset", "0"))
        except ValueError:
            raise V5Error(154, "limit and offset must be integers") from None
        if not 1 <= limit <= 1000 or not 0 <= offset <= 2000:
            raise V5Error(154, "limit must be 1-1000 and offset 0-2000")
        docs = [d for d in self.ctx.store.all(ACTIVITY_KIND) if d["businessUnitId"] == tenant["Id"]]
        return JSONResponse({"values": [{f: d.get(f) for f in fields} for d in docs[offset:offset + limit]]})
