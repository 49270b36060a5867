"""`make demo` hook: submit one external activity (v5) through the chain the example set up.

Before activation the submission is refused (v5 code 154: the extension is inactive); after the
activation `up` it is accepted (202). Called after each `pulumi up`. It reads either the outputs of
the hand-written example (`extension`, `activityType`, `businessUnitId`, `active`) or those of the
schema program (`ae:<DeveloperName>` -> `{businessUnitId, activityTypes, active}`).
"""

from __future__ import annotations

from typing import Any

from providers.core.errors import ActivitySchemasError, ApiError
from providers.salesforce import connection
from providers.salesforce.submission import ExternalActivity, SubmissionClient


def _setup(outputs: dict[str, Any]) -> tuple[str, str, str, bool] | None:
    """(extension, activity type, business unit id, active) from either output layout."""
    if outputs.get("extension") and outputs.get("activityType"):
        return (str(outputs["extension"]), str(outputs["activityType"]), str(outputs.get("businessUnitId", "")),
                bool(outputs.get("active")))
    for key, value in sorted(outputs.items()):
        if key.startswith("ae:") and isinstance(value, dict) and value.get("activityTypes"):
            return (key[3:], str(value["activityTypes"][0]), str(value.get("businessUnitId", "")),
                    bool(value.get("active")))
    return None


def after_up(endpoints: dict[str, Any], outputs: dict[str, Any]) -> list[str]:
    setup = _setup(outputs)
    if setup is None:
        return ["account engagement: no extension in the stack outputs; nothing to submit"]
    extension, activity_type, business_unit, active = setup
    prospects = (endpoints.get("salesforce") or {}).get("prospects") or []
    if not prospects:
        return ["account engagement: the sandbox has no prospect to submit for"]
    units = {v: k for k, v in ((endpoints.get("salesforce") or {}).get("business_units") or {}).items()}
    activity = ExternalActivity(extension=extension, type=activity_type, email=str(prospects[0]),
                                value="webinar-2026-demo")
    lines = [f"account engagement: {extension}.{activity_type} in business unit "
             f"{units.get(business_unit, '?')} ({business_unit}): {'active' if active else 'not active yet'}"]
    try:
        body = SubmissionClient(connection.from_endpoints(endpoints)).submit(activity, business_unit)
    except ApiError as error:
        lines.append(f"  submission for {activity.email} refused: {error.code}: {error.message}")
        if not active:
            lines.append("  (expected before activation: set the activation switch, review the preview, and "
                         "`pulumi up`; the `up` that creates a schema never activates it)")
        return lines
    except ActivitySchemasError as error:
        return [*lines, f"  cannot submit: {error}"]
    lines.append(f"  submission for {activity.email} accepted (202): activity id {(body or {}).get('id', '?')}")
    return lines
