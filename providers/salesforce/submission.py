"""Account Engagement API v5 submission client: ``POST /api/v5/external-activities``.

Uses the org's Salesforce token (one per process, shared with the Tooling client), the
``Pardot-Business-Unit-Id`` header, and the AE limiter (5 concurrent requests). Errors surface the
v5 code and message; 66 and 183 are retried, 122 stops (daily limit), 184 renews the token once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from providers.core.errors import ValidationError
from providers.salesforce.connection import Connection

VALUE_MAX = 100  # reference §5.2
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_BUSINESS_UNIT = re.compile(r"0Uv[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?")


@dataclass(frozen=True)
class ExternalActivity:
    extension: str
    type: str
    email: str
    value: str
    activity_date: str | None = None  # ISO 8601 with offset; defaults to now on the AE side

    def body(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"extension": self.extension, "type": self.type, "email": self.email,
                               "value": self.value}
        if self.activity_date is not None:
            doc["activityDate"] = self.activity_date
        return doc


def validate(activity: ExternalActivity, business_unit_id: str) -> None:
    """The documented rules, before the call: a refused submission costs an API call."""
    for field, value in (("extension", activity.extension), ("type", activity.type)):
        if not value:
            raise ValidationError(field, "is required (the DeveloperName set up in the Tooling API)")
    if not _EMAIL.fullmatch(activity.email or ""):
        raise ValidationError("email", f"must be a prospect email address, got {activity.email!r}")
    if not activity.value:
        raise ValidationError("value", "is required")
    if len(activity.value) > VALUE_MAX:
        raise ValidationError("value", f"must be at most {VALUE_MAX} characters, got {len(activity.value)}")
    if activity.activity_date is not None:
        try:
            parsed = dt.datetime.fromisoformat(activity.activity_date)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            raise ValidationError("activityDate", "must be ISO 8601 with a UTC offset, e.g. 2024-05-01T09:00:00-07:00")
    if not _BUSINESS_UNIT.fullmatch(business_unit_id or ""):
        raise ValidationError("businessUnitId", f"must be the business unit's 0Uv id (PardotTenant.Id), got "
                                                f"{business_unit_id!r}")


class SubmissionClient:
    def __init__(self, connection: Connection) -> None:
        self.conn = connection

    @property
    def url(self) -> str:
        return f"{self.conn.settings.ae_base_url}/api/v5/external-activities"

    def submit(self, activity: ExternalActivity, business_unit_id: str) -> dict[str, Any] | None:
        """Submits one activity; returns the 202 body (may be None). Raises ApiError with the v5 code."""
        validate(activity, business_unit_id)
        result = self.conn.v5_http.request(
            "POST", self.url, json=activity.body(), auth=self.conn.auth,
            headers={"Pardot-Business-Unit-Id": business_unit_id, "Accept": "application/json"},
            operation=f"submit {activity.extension}.{activity.type} for {activity.email}",
        )
        body = result.body
        return body if isinstance(body, dict) else None
