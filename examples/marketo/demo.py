"""``make demo`` hook: log a few ``attendConference`` activities with the submission client.

Why one unknown lead on purpose: the report shows that every record comes back ``added`` or
``skipped`` with Marketo's reason (1004 Lead not found), nothing dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from providers.marketo.connection import client_for, connection_from_endpoints
from providers.marketo.submission import ActivityRecord, submit_activities

UNKNOWN_LEAD = 999_999_999


def after_up(endpoints: dict[str, Any], outputs: dict[str, Any]) -> list[str]:
    """Submit one activity per sandbox lead plus one for an unknown lead; the report's lines."""
    type_id = outputs.get("activityTypeId")
    if type_id is None:
        return ["marketo: no activityTypeId in the stack outputs; was examples/marketo deployed?"]
    client = client_for(connection_from_endpoints(endpoints))
    leads = [int(lead) for lead in endpoints.get("marketo", {}).get("leads", [])]
    when = datetime.now(UTC).replace(microsecond=0).isoformat()
    records = [
        ActivityRecord(
            lead_id=lead,
            activity_date=when,
            activity_type_id=int(type_id),
            primary_attribute_value="Marketing Nation Summit",
            attributes={"conferenceDate": when, "numberOfAttendees": 1 + i},
        )
        for i, lead in enumerate([*leads, UNKNOWN_LEAD])
    ]
    report = submit_activities(client, records)
    return [f"marketo: {line}" for line in report.lines()]
