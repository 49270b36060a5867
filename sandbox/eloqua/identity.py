"""``GET /id``: base URL discovery. The sandbox is both the login host and the pod."""

from __future__ import annotations

from typing import Any


def id_document(base_url: str, site: dict[str, Any]) -> dict[str, Any]:
    """The documented shape (eloqua.md 1.1), every URL pointing at the sandbox."""
    return {
        "site": {"id": site["siteId"], "name": site["siteName"]},
        "user": {
            "id": site["userId"], "username": site["userName"], "displayName": "API User",
            "firstName": "API", "lastName": "User", "emailAddress": "api.user@example.com",
        },
        "urls": {
            "base": base_url,
            "apis": {
                "soap": {
                    "standard": f"{base_url}/API/{{version}}/Service.svc",
                    "dataTransfer": f"{base_url}/API/{{version}}/DataTransferService.svc",
                    "email": f"{base_url}/API/{{version}}/EmailService.svc",
                    "externalAction": f"{base_url}/API/{{version}}/ExternalActionService.svc",
                },
                "rest": {
                    "standard": f"{base_url}/API/REST/{{version}}/",
                    "bulk": f"{base_url}/API/Bulk/{{version}}/",
                },
            },
        },
    }
