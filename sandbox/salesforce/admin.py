"""Admin routes under ``/_sandbox/salesforce/`` and ``/_sandbox/account_engagement/``: what an
admin does in Setup, for drift tests (documented in docs/sandbox/salesforce.md).

Why a separate door: Setup may do what the Tooling API refuses (rename an extension, delete an
extension or an activity type, set read-only fields), and the drift tests need exactly that.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.context import SandboxContext
from sandbox.salesforce import ids, records
from sandbox.salesforce.objects import lookup
from sandbox.salesforce.org import ORG_DOC_ID, ORG_KIND, org
from sandbox.salesforce.pardot_v5 import ACTIVITY_KIND, PROSPECT_KIND
from sandbox.salesforce.records import RestError


def _error(status: int, message: str, code: str = "BAD_REQUEST", fields: list[str] | None = None) -> Response:
    return JSONResponse({"error": message, "errorCode": code, "fields": fields or []}, status_code=status)


async def _body(request: Request) -> Any:
    raw = await request.body()
    return json.loads(raw) if raw.strip() else {}


def salesforce_admin_routes(ctx: SandboxContext) -> list[BaseRoute]:
    async def credentials(request: Request) -> Response:
        """The user's password and security token (not in endpoints.json: the issue fixes its shape)."""
        the_org = org(ctx)
        return JSONResponse({k: the_org[k] for k in (
            "username", "password", "security_token", "client_id", "org_id", "user_id", "user_active")})

    async def user(request: Request) -> Response:
        """``PATCH {"active": false}`` deactivates the integration user (logins fail)."""
        try:
            body = await _body(request)
        except ValueError:
            return _error(400, "the body must be JSON")
        the_org = org(ctx)
        if isinstance(body, dict) and "active" in body:
            the_org["user_active"] = bool(body["active"])
            ctx.store.put(ORG_KIND, ORG_DOC_ID, the_org)
        return JSONResponse({"username": the_org["username"], "active": the_org["user_active"]})

    async def objects(request: Request) -> Response:
        spec = lookup(request.path_params["sobject"])
        if spec is None:
            return _error(404, f"unknown object {request.path_params['sobject']!r}", "NOT_FOUND")
        try:
            with ctx.store.transaction():
                if request.method == "GET":
                    return JSONResponse([records.public(spec, d) for d in records.all_records(ctx, spec)])
                created = records.create(ctx, spec, await _body(request), admin=True)
                return JSONResponse(records.public(spec, created), status_code=201)
        except RestError as error:
            return _error(error.status, error.message, error.code, error.fields)
        except ValueError:
            return _error(400, "the body must be JSON")

    async def one_object(request: Request) -> Response:
        spec = lookup(request.path_params["sobject"])
        record_id = ids.normalize(request.path_params["record_id"])
        doc = records.get(ctx, spec, record_id) if spec and record_id else None
        if spec is None or doc is None:
            return _error(404, "no such record", "NOT_FOUND")
        try:
            with ctx.store.transaction():
                if request.method == "GET":
                    return JSONResponse(records.public(spec, doc))
                if request.method == "DELETE":
                    cascade = request.query_params.get("cascade", "true").lower() != "false"
                    records.delete(ctx, spec, doc, cascade=cascade)
                    return Response(status_code=204)
                updated = records.update(ctx, spec, doc, await _body(request), admin=True)
                return JSONResponse(records.public(spec, updated))
        except RestError as error:
            return _error(error.status, error.message, error.code, error.fields)
        except ValueError:
            return _error(400, "the body must be JSON")

    return [
        Route("/credentials", credentials, methods=["GET"]),
        Route("/user", user, methods=["GET", "PATCH"]),
        Route("/objects/{sobject}", objects, methods=["GET", "POST"]),
        Route("/objects/{sobject}/{record_id}", one_object, methods=["GET", "PATCH", "DELETE"]),
    ]


def account_engagement_admin_routes(ctx: SandboxContext) -> list[BaseRoute]:
    async def activities(request: Request) -> Response:
        return JSONResponse(ctx.store.all(ACTIVITY_KIND))

    async def prospects(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await _body(request)
            except ValueError:
                return _error(400, "the body must be JSON")
            email = body.get("email") if isinstance(body, dict) else None
            if not isinstance(email, str) or "@" not in email:
                return _error(400, "'email' must be an email address", fields=["email"])
            doc = {"id": 2000 + ctx.store.next_counter("account_engagement/prospect_id"), "email": email}
            ctx.store.put(PROSPECT_KIND, email.lower(), doc)
            return JSONResponse(doc, status_code=201)
        return JSONResponse(ctx.store.all(PROSPECT_KIND))

    async def prospect(request: Request) -> Response:
        if not ctx.store.delete(PROSPECT_KIND, request.path_params["email"].lower()):
            return _error(404, "no such prospect", "NOT_FOUND")
        return Response(status_code=204)

    return [
        Route("/activities", activities, methods=["GET"]),
        Route("/prospects", prospects, methods=["GET", "POST"]),
        Route("/prospects/{email}", prospect, methods=["DELETE"]),
    ]
