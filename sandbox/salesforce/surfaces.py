"""The two vendor surfaces: Salesforce (OAuth, identity, Tooling) and Account Engagement (v5).

Why two: they are two hosts in production (``login``/My Domain and ``pi.pardot.com``) with
different error shapes, limits and request-log names; they share the org's tokens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from sandbox.context import SandboxContext
from sandbox.salesforce import errors, org, pardot_v5, records, tokens
from sandbox.salesforce.admin import account_engagement_admin_routes, salesforce_admin_routes
from sandbox.salesforce.oauth import OAuthEndpoints
from sandbox.salesforce.objects import TENANT
from sandbox.salesforce.tooling import NEWEST_VERSION, ToolingApi
from sandbox.vendor import VendorSurface

SEED_BUSINESS_UNITS = ["PardotTenant", "HappyHomeTX"]
DEFAULT_MAX_CONCURRENT = 5
DEFAULT_DAILY_CALLS = 100_000


class SalesforceSurface(VendorSurface):
    name = "salesforce"
    # "/id/" and not "/id": Eloqua's base URL discovery is the exact path "/id".
    prefixes = ("/services", "/id/")

    def __init__(self, ctx: SandboxContext) -> None:
        super().__init__(ctx)
        self.oauth = OAuthEndpoints(ctx)
        self.tooling = ToolingApi(ctx)

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/services/oauth2/token", self.oauth.token, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
            Route("/id/{org_id}/{user_id}", self.oauth.identity, methods=["GET", "POST"]),
            *self.tooling.routes(),
        ]

    def admin_routes(self) -> list[BaseRoute]:
        return salesforce_admin_routes(self.ctx)

    def seed(self) -> None:
        with self.ctx.store.transaction():
            the_org = org.seed_org(self.ctx)
            tokens.register_refresh(self.ctx, the_org["refresh_token"], the_org["client_id"],
                                    org.scopes(self.ctx))
            records.seed_tenants(self.ctx, SEED_BUSINESS_UNITS)

    def endpoints(self) -> dict[str, Any]:
        the_org = org.org(self.ctx)
        key = org.key_file(self.ctx)
        return {
            "login_url": self.base_url,
            "instance_url": self.base_url,
            "client_id": the_org["client_id"],
            "client_secret": the_org["client_secret"],
            "username": the_org["username"],
            "private_key_file": str(key) if key else None,
            "refresh_token": the_org["refresh_token"],
            "api_version": NEWEST_VERSION,
            "business_units": {t["PardotTenantName"]: t["Id"] for t in records.all_records(self.ctx, TENANT)
                               if t["CreationStatus"] in pardot_v5.LIVE_TENANT_STATUSES},
            "prospects": pardot_v5.prospect_emails(self.ctx),
        }

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        return errors.render_fault(status, code, message)

    def expire_tokens(self) -> None:
        tokens.expire_all(self.ctx)


class AccountEngagementSurface(VendorSurface):
    name = "account_engagement"
    prefixes = ("/api/v5",)

    def __init__(self, ctx: SandboxContext) -> None:
        super().__init__(ctx)
        self.api = pardot_v5.ExternalActivitiesApi(ctx)
        self.in_flight = 0

    def routes(self) -> list[BaseRoute]:
        return self.api.routes()

    def admin_routes(self) -> list[BaseRoute]:
        return account_engagement_admin_routes(self.ctx)

    def seed(self) -> None:
        pardot_v5.seed_prospects(self.ctx)

    def endpoints(self) -> dict[str, Any]:
        return {"base_url": self.base_url}

    def error_response(self, status: int, code: str | None, message: str | None) -> Response:
        return errors.render_v5_fault(status, code, message)

    def expire_tokens(self) -> None:
        """AE accepts the org's Salesforce tokens: expiring them here expires them for both."""
        tokens.expire_all(self.ctx)

    def enter(self, method: str, path: str) -> Response | None:
        """5 concurrent requests (code 66), then the daily call limit (code 122)."""
        self.in_flight += 1
        if self.in_flight > int(self.setting("max_concurrent_requests", DEFAULT_MAX_CONCURRENT)):
            return errors.v5_error(66)
        limit = int(self.setting("daily_api_calls", DEFAULT_DAILY_CALLS))
        day = dt.datetime.fromtimestamp(self.ctx.clock.now(), dt.UTC).strftime("%Y-%m-%d")
        if self.ctx.store.next_counter(f"{self.name}/api_calls/{day}") > limit:
            return errors.v5_error(122)
        return None

    def leave(self, method: str, path: str) -> None:
        self.in_flight = max(0, self.in_flight - 1)
