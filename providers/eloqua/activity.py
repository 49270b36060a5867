"""Submits external activities: ``POST /api/REST/2.0/data/activity``, one per call (HTTP 201).

``activityDate`` is always sent (Unix seconds as a string, defaulting to now): without it Eloqua
records the activity but does not link it to the contact (Oracle's note on the endpoint).
A 5xx or a lost answer is never resent: the endpoint has no idempotency key, a resend could
record the activity twice; 429 (refused, nothing recorded) is retried with backoff.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from providers.core.errors import ValidationError
from providers.eloqua.client import REST
from providers.eloqua.connection import Connection
from providers.eloqua.models import check_name


@dataclass(frozen=True)
class ExternalActivity:
    """One activity: what contact ``contact_id`` did (``activity_type``) on ``asset_name``."""

    name: str
    asset_name: str
    asset_type: str
    activity_type: str
    contact_id: int
    campaign_id: int | None = None
    activity_date: int | datetime | None = None  # Unix seconds or an aware datetime; None = now
    field_values: list[dict[str, str]] = field(default_factory=list)

    def body(self, now: float | None = None) -> dict[str, Any]:
        """The request body; raises ValidationError naming the field before any call."""
        for prop, value in (("name", self.name), ("assetName", self.asset_name), ("assetType", self.asset_type),
                            ("activityType", self.activity_type)):
            try:
                check_name(value, prop)
            except ValueError as exc:
                raise ValidationError(prop, str(exc)) from None
        if isinstance(self.contact_id, bool) or not isinstance(self.contact_id, int) or self.contact_id <= 0:
            raise ValidationError("contactId", "must be a positive integer (an Eloqua contact id)")
        if self.campaign_id is not None and (isinstance(self.campaign_id, bool) or self.campaign_id <= 0):
            raise ValidationError("campaignId", "must be a positive integer (an Eloqua campaign id)")
        body: dict[str, Any] = {
            "name": self.name, "assetName": self.asset_name, "assetType": self.asset_type,
            "activityType": self.activity_type, "activityDate": str(_unix_seconds(self.activity_date, now)),
            "contactId": self.contact_id,
        }
        if self.campaign_id is not None:
            body["campaignId"] = self.campaign_id
        if self.field_values:
            body["fieldValues"] = self.field_values
        return body


def _unix_seconds(value: int | datetime | None, now: float | None) -> int:
    if value is None:
        return int(now if now is not None else time.time())
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValidationError("activityDate", "a datetime must carry a time zone (e.g. UTC)")
        return int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError("activityDate", "must be Unix seconds (a positive integer) or an aware datetime")
    return value


class ActivitySubmitter:
    """``ActivitySubmitter(connection).submit(ExternalActivity(...))`` -> Eloqua's record."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def submit(self, activity: ExternalActivity) -> dict[str, Any]:
        body = activity.body()
        result = self.connection.submit_http.request(
            "POST", f"{self.connection.base_url}{REST}/data/activity", json=body, auth=self.connection.auth,
            operation=f"submit activity {activity.activity_type!r} on {activity.asset_name!r}",
        )
        record: dict[str, Any] = result.body
        return record

    def get(self, activity_id: str) -> dict[str, Any]:
        result = self.connection.http.request(
            "GET", f"{self.connection.base_url}{REST}/data/activity/{activity_id}", auth=self.connection.auth,
            operation=f"read activity {activity_id}",
        )
        record: dict[str, Any] = result.body
        return record
