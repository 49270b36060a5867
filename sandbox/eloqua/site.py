"""The seeded Eloqua site: its throw-away credentials, contacts and campaigns.

Credentials are random per data dir (and per reset): nothing secret is committed to the repo.
"""

from __future__ import annotations

import secrets
from typing import Any

from sandbox.context import SandboxContext

SITE = "eloqua/site"
CONTACT = "eloqua/contact"
CAMPAIGN = "eloqua/campaign"
SITE_ID = "site"

# The ids of Oracle's documented example (contact 2405, campaign 37) are seeded so that the
# "Tradeshow 2021" example works verbatim.
CONTACT_IDS = (2405, 2406, 2407, 2408)
CAMPAIGN_IDS = (37, 38)


def seed_site(ctx: SandboxContext) -> None:
    ctx.store.put(SITE, SITE_ID, {
        "siteId": 100 + secrets.randbelow(900),
        "siteName": f"Sandbox{secrets.token_hex(3).upper()}",
        "userId": 314,
        "userName": "api.user",
        "password": secrets.token_urlsafe(18),
        "clientId": secrets.token_hex(16),
        "clientSecret": secrets.token_urlsafe(24),
        "apiEnabled": True,
    })
    for i, contact_id in enumerate(CONTACT_IDS):
        ctx.store.put(CONTACT, str(contact_id), {
            "id": str(contact_id), "emailAddress": f"contact{i + 1}@example.com",
        })
    for campaign_id in CAMPAIGN_IDS:
        ctx.store.put(CAMPAIGN, str(campaign_id), {"id": str(campaign_id), "name": f"Campaign {campaign_id}"})


def site(ctx: SandboxContext) -> dict[str, Any]:
    doc = ctx.store.get(SITE, SITE_ID)
    if doc is None:  # a reset of another vendor never removes ours; an empty store is re-seeded
        seed_site(ctx)
        doc = ctx.store.get(SITE, SITE_ID)
    if doc is None:
        raise RuntimeError("the Eloqua site could not be seeded")
    return doc


def contact_exists(ctx: SandboxContext, contact_id: int) -> bool:
    return ctx.store.get(CONTACT, str(contact_id)) is not None


def campaign_exists(ctx: SandboxContext, campaign_id: int) -> bool:
    return ctx.store.get(CAMPAIGN, str(campaign_id)) is not None
