"""The Tooling REST API under ``/services/data/vNN.N/tooling/`` (account-engagement.md §3).

Why every route accepts every verb: the 405 answer must list the verbs the docs give for that
object (``Allowed are GET,PATCH``), which a router-level 405 cannot know.
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
from sandbox.salesforce import describe, ids, records, soql, tokens
from sandbox.salesforce.errors import rest_error
from sandbox.salesforce.objects import OBJECTS, QUERY_LOCATOR_PREFIX, ObjectSpec, lookup
from sandbox.salesforce.org import VENDOR
from sandbox.salesforce.records import RestError

ALL_METHODS = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"]
MIN_VERSION = 53.0
NEWEST_VERSION = "67.0"
OBJECT_MIN_VERSION = {"PardotTenant": 56.0}
CURSOR_KIND = f"{VENDOR}/QueryCursor"
_VERSION = re.compile(r"v(\d{2,3}\.\d)")
DEFAULT_BATCH_SIZE = 2000
DEFAULT_DAILY_API_REQUESTS = 100_000
DEFAULT_MAX_BODY_BYTES = 1_000_000


def _routes(path: str, endpoint: Any) -> list[BaseRoute]:
    """The path with and without a trailing slash: clients use both, and a redirect would lose a POST.

    The slash variant reports the same template, so the request log counts both as one endpoint.
    """
    slashed = Route(path + "/", endpoint, methods=ALL_METHODS)
    slashed.path = path  # matching uses the compiled regex; the log reads ``route.path``
    return [Route(path, endpoint, methods=ALL_METHODS), slashed]


def not_allowed(method: str, allowed: set[str]) -> RestError:
    return RestError(405, "METHOD_NOT_ALLOWED",
                     f"HTTP Method '{method}' not allowed. Allowed are {','.join(sorted(allowed))}")


class ToolingApi:
    def __init__(self, ctx: SandboxContext) -> None:
        self.ctx = ctx

    def setting(self, name: str, default: Any) -> Any:
        return self.ctx.setting(VENDOR, name, default)

    def routes(self) -> list[BaseRoute]:
        base = "/services/data/{version}/tooling"
        return [
            *_routes("/services/data", self.versions),
            *_routes("/services/data/{version}", self.resources),
            *_routes(base, self.tooling_resources),
            *_routes(f"{base}/sobjects", self.describe_global),
            *_routes(f"{base}/sobjects/{{sobject}}", self.collection),
            *_routes(f"{base}/sobjects/{{sobject}}/describe", self.describe_object),
            *_routes(f"{base}/sobjects/{{sobject}}/{{record_id}}", self.record),
            *_routes(f"{base}/query", self.query),
            *_routes(f"{base}/query/{{locator}}", self.query_more),
        ]

    # -- plumbing --------------------------------------------------------------------------
    async def _handle(self, request: Request, handler: Any, *, methods: set[str]) -> Response:
        headers: dict[str, str] = {}
        try:
            method = self._method(request)
            version = self._version(request)
            headers = self._authorize(request)
            if method not in methods:
                raise not_allowed(method, methods)
            with self.ctx.store.transaction():
                response: Response = await handler(request, version, method)
        except RestError as error:
            return rest_error(error.status, error.code, error.message, error.fields, headers)
        response.headers.update(headers)
        return response

    @staticmethod
    def _method(request: Request) -> str:
        override = request.query_params.get("_HttpMethod", "").upper()
        if request.method == "POST" and override in ("PATCH", "DELETE"):
            return override
        return request.method

    def _version(self, request: Request) -> str:
        match = _VERSION.fullmatch(request.path_params.get("version", ""))
        if not match or float(match.group(1)) < MIN_VERSION:
            raise RestError(404, "NOT_FOUND", "The requested resource does not exist")
        return match.group(1)

    def _authorize(self, request: Request) -> dict[str, str]:
        """The bearer token must be live and carry ``api``; counts the org's daily API requests."""
        session = tokens.lookup_access(self.ctx, tokens.bearer(request.headers.get("authorization")))
        if session is None:
            raise RestError(401, "INVALID_SESSION_ID", "Session expired or invalid")
        if "api" not in session.scopes:
            raise RestError(401, "INVALID_SESSION_ID", "This session is not valid for use with the REST API")
        limit = int(self.setting("daily_api_requests", DEFAULT_DAILY_API_REQUESTS))
        day = dt.datetime.fromtimestamp(self.ctx.clock.now(), dt.UTC).strftime("%Y-%m-%d")
        used = self.ctx.store.next_counter(f"{VENDOR}/api_requests/{day}")
        headers = {"Sforce-Limit-Info": f"api-usage={min(used, limit)}/{limit}"}
        if used > limit:
            raise RestError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
        return headers

    def _spec(self, request: Request, version: str) -> ObjectSpec:
        spec = lookup(request.path_params["sobject"])
        if spec is None or float(version) < OBJECT_MIN_VERSION.get(spec.name, MIN_VERSION):
            raise RestError(404, "NOT_FOUND", "The requested resource does not exist")
        return spec

    async def _json(self, request: Request) -> Any:
        content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
        if content_type not in ("application/json", ""):
            raise RestError(415, "UNSUPPORTED_MEDIA_TYPE",
                            f"Content-Type header specified in HTTP request is not supported: {content_type}")
        limit = int(self.setting("max_body_bytes", DEFAULT_MAX_BODY_BYTES))
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > limit:
            raise RestError(413, "REQUEST_ENTITY_TOO_LARGE", f"The request body exceeds {limit} bytes")
        raw = await request.body()
        if len(raw) > limit:
            raise RestError(413, "REQUEST_ENTITY_TOO_LARGE", f"The request body exceeds {limit} bytes")
        if not raw.strip():
            raise RestError(400, "JSON_PARSER_ERROR",
                            "The HTTP entity body is required, but this request has no entity body.")
        try:
            return json.loads(raw, parse_constant=_reject_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            where = f" at [line:{exc.lineno}, column:{exc.colno}]" if isinstance(exc, json.JSONDecodeError) else ""
            raise RestError(400, "JSON_PARSER_ERROR", f"Unexpected character in JSON body{where}") from None

    def _row(self, spec: ObjectSpec, doc: dict[str, Any], version: str,
             fields: list[str] | None = None) -> dict[str, Any]:
        row: dict[str, Any] = {"attributes": {
            "type": spec.name, "url": f"/services/data/v{version}/tooling/sobjects/{spec.name}/{doc['Id']}"}}
        public = records.public(spec, doc)
        for name in fields or list(public):
            row[name] = public[name]
        return row

    # -- resources -------------------------------------------------------------------------
    async def versions(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return rest_error(405, "METHOD_NOT_ALLOWED",
                              f"HTTP Method '{request.method}' not allowed. Allowed are GET,HEAD")
        newest = int(float(NEWEST_VERSION))
        return JSONResponse([
            {"label": f"v{v}.0", "url": f"/services/data/v{v}.0", "version": f"{v}.0"}
            for v in range(int(MIN_VERSION), newest + 1)
        ])

    async def resources(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            return JSONResponse({"tooling": f"/services/data/v{version}/tooling",
                                 "identity": f"{self.ctx.base_url}/id/"})
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    async def tooling_resources(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            base = f"/services/data/v{version}/tooling"
            return JSONResponse({"sobjects": f"{base}/sobjects", "query": f"{base}/query"})
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    async def describe_global(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            doc = describe.describe_global(version, self._allow_delete())
            doc["sobjects"] = [s for s in doc["sobjects"]
                               if float(version) >= OBJECT_MIN_VERSION.get(s["name"], MIN_VERSION)]
            return JSONResponse(doc)
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    def _allow_delete(self) -> bool:
        return bool(self.setting("allow_delete", False))

    async def describe_object(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            return JSONResponse(describe.describe(self._spec(request, version), version, self._allow_delete()))
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    async def collection(self, request: Request) -> Response:
        """``GET`` basic info, ``POST`` create."""
        async def handler(request: Request, version: str, method: str) -> Response:
            spec = self._spec(request, version)
            allowed = {"GET", "POST"} & describe.verbs(spec, self._allow_delete())
            if method not in allowed:
                raise not_allowed(method, allowed)
            if method == "GET":
                recent = [self._row(spec, d, version, ["Id"]) for d in records.all_records(self.ctx, spec)[-3:]]
                return JSONResponse({"objectDescribe": describe.summary(spec, version, self._allow_delete()),
                                     "recentItems": recent})
            created = records.create(self.ctx, spec, await self._json(request))
            return JSONResponse({"id": created["Id"], "success": True, "errors": [], "warnings": [],
                                 "infos": []}, status_code=201)
        return await self._handle(request, handler, methods=set(ALL_METHODS))

    async def record(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            spec = self._spec(request, version)
            allowed = {"GET", "HEAD", "PATCH", "DELETE"} & describe.verbs(spec, self._allow_delete())
            if method not in allowed:
                raise not_allowed(method, allowed)
            raw_id = request.path_params["record_id"]
            record_id = ids.normalize(raw_id)
            if record_id is None or not record_id.startswith(spec.key_prefix):
                raise RestError(404, "NOT_FOUND",
                                f"Provided external ID field does not exist or is not accessible: {raw_id}")
            doc = records.get(self.ctx, spec, record_id)
            if doc is None:
                raise RestError(404, "NOT_FOUND", "The requested resource does not exist")
            if method == "PATCH":
                records.update(self.ctx, spec, doc, await self._json(request))
                return Response(status_code=204)
            if method == "DELETE":
                self._delete(spec, doc)
                return Response(status_code=204)
            if method == "HEAD":
                return Response(status_code=200, media_type="application/json")
            return JSONResponse(self._row(spec, doc, version, self._fields_param(request, spec)))
        return await self._handle(request, handler, methods=set(ALL_METHODS))

    def _delete(self, spec: ObjectSpec, doc: dict[str, Any]) -> None:
        if spec.name == "MarketingAppExtension":
            for child_spec in (OBJECTS["MarketingAppExtActivity"], OBJECTS["MarketingAppExtAssignment"]):
                if any(c["MarketingAppExtensionId"] == doc["Id"] for c in records.all_records(self.ctx, child_spec)):
                    raise RestError(400, "DELETE_FAILED",
                                    f"Your attempt to delete {doc['DeveloperName']} could not be completed "
                                    f"because it is referenced by {child_spec.name} records.")
        records.delete(self.ctx, spec, doc)

    @staticmethod
    def _fields_param(request: Request, spec: ObjectSpec) -> list[str] | None:
        raw = request.query_params.get("fields")
        if not raw:
            return None
        out = []
        for name in (n.strip() for n in raw.split(",") if n.strip()):
            f = spec.field(name)
            if f is None:
                raise RestError(400, "INVALID_FIELD", f"No such column '{name}' on sobject of type {spec.name}")
            out.append(f.name)
        return out

    # -- query -----------------------------------------------------------------------------
    def _batch_size(self, request: Request) -> int:
        size = int(self.setting("query_batch_size", DEFAULT_BATCH_SIZE))
        options = request.headers.get("sforce-query-options", "")
        match = re.search(r"batchSize\s*=\s*(\d+)", options)
        if match:
            size = min(size, max(200, min(2000, int(match.group(1)))))
        return max(1, size)

    async def query(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            parsed = soql.parse(request.query_params.get("q", ""))
            if float(version) < OBJECT_MIN_VERSION.get(parsed.spec.name, MIN_VERSION):
                raise RestError(400, "INVALID_TYPE", f"sObject type '{parsed.spec.name}' is not supported.")
            found = soql.run(parsed, records.all_records(self.ctx, parsed.spec))
            if parsed.count_only:
                return JSONResponse(self._page(parsed.spec.name, [], len(found), None, version, 0))
            rows = [self._row(parsed.spec, d, version, [f.name for f in parsed.fields]) for d in found]
            batch = self._batch_size(request)
            locator = None
            if len(rows) > batch:
                locator = ids.new_id(QUERY_LOCATOR_PREFIX)
                self.ctx.store.insert(CURSOR_KIND, locator, {
                    "locator": locator, "entity": parsed.spec.name, "rows": rows, "batch": batch})
            return JSONResponse(self._page(parsed.spec.name, rows[:batch], len(rows), locator, version, batch))
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    async def query_more(self, request: Request) -> Response:
        async def handler(request: Request, version: str, method: str) -> Response:
            locator, _, start = request.path_params["locator"].partition("-")
            cursor = self.ctx.store.get(CURSOR_KIND, locator)
            if cursor is None or not start.isdigit() or int(start) >= len(cursor["rows"]):
                raise RestError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
            begin, batch = int(start), int(cursor["batch"])
            rows = [{**r, "attributes": {**r["attributes"], "url": re.sub(
                r"/v\d+\.\d/", f"/v{version}/", r["attributes"]["url"], count=1)}} for r in cursor["rows"]]
            end = begin + batch
            more = locator if end < len(rows) else None
            return JSONResponse(self._page(cursor["entity"], rows[begin:end], len(rows), more, version, end))
        return await self._handle(request, handler, methods={"GET", "HEAD"})

    @staticmethod
    def _page(entity: str, rows: list[dict[str, Any]], total: int, locator: str | None, version: str,
              next_start: int) -> dict[str, Any]:
        """Tooling's query shape: ``size`` is the total, like ``totalSize`` (a parity choice)."""
        page: dict[str, Any] = {"size": total, "totalSize": total, "done": locator is None,
                                "queryLocator": None, "entityTypeName": entity, "records": rows}
        if locator is not None:
            next_locator = f"{locator}-{next_start}"
            page["queryLocator"] = next_locator
            page["nextRecordsUrl"] = f"/services/data/v{version}/tooling/query/{next_locator}"
        return page


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")

