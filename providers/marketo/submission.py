"""Add Custom Activities in batches of at most 300, with a result for every record.

Marketo answers each batch with ``result[]`` in input order, ``added`` or ``skipped`` with
``errors`` (``marketo.md`` section 4). Nothing is dropped silently: a record whose batch failed
as a whole is ``failed``; a record whose answer was lost (connection dropped after sending) is
``unknown`` and is not re-sent, because activities are write-once and a resend could duplicate it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from providers.core.errors import ActivitySchemasError, ApiError, TransportError
from providers.core.redact import redact
from providers.marketo.client import MAX_ACTIVITIES_PER_CALL, MarketoClient

RecordStatus = Literal["added", "skipped", "failed", "unknown"]


@dataclass(frozen=True)
class ActivityRecord:
    """One activity: ``attributes`` maps secondary attribute apiNames to values."""

    lead_id: int
    activity_date: str  # ISO-8601 with offset, e.g. 2026-11-24T10:00:00+00:00
    activity_type_id: int
    primary_attribute_value: str
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "leadId": self.lead_id,
            "activityDate": self.activity_date,
            "activityTypeId": self.activity_type_id,
            "primaryAttributeValue": self.primary_attribute_value,
            "attributes": [{"apiName": k, "value": v} for k, v in self.attributes.items()],
        }


@dataclass(frozen=True)
class RecordResult:
    index: int  # position in the submitted sequence
    lead_id: int
    status: RecordStatus
    marketo_guid: str | None = None
    errors: tuple[tuple[str, str], ...] = ()  # (code, message)

    def line(self) -> str:
        what = f"lead {self.lead_id} (record {self.index}): {self.status}"
        if self.marketo_guid:
            what += f" as {self.marketo_guid}"
        if self.errors:
            what += " - " + "; ".join(f"{code} {message}" for code, message in self.errors)
        return what


@dataclass
class SubmissionReport:
    results: list[RecordResult]
    calls: int = 0

    def count(self, status: RecordStatus) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        return (f"{len(self.results)} activities in {self.calls} call(s): {self.count('added')} added, "
                f"{self.count('skipped')} skipped, {self.count('failed')} failed, "
                f"{self.count('unknown')} unknown")

    def lines(self) -> list[str]:
        return [self.summary(), *(r.line() for r in self.results)]


def submit_activities(
    client: MarketoClient, records: Sequence[ActivityRecord], *, batch_size: int = MAX_ACTIVITIES_PER_CALL
) -> SubmissionReport:
    """Send ``records`` in batches; the report has exactly one result per record, in order."""
    if not 1 <= batch_size <= MAX_ACTIVITIES_PER_CALL:
        raise ValueError(f"batch_size must be 1-{MAX_ACTIVITIES_PER_CALL}; got {batch_size}")
    report = SubmissionReport(results=[])
    for start in range(0, len(records), batch_size):
        batch = records[start:start + batch_size]
        report.calls += 1
        try:
            answers = client.add_activities([r.body() for r in batch])
        except TransportError as error:
            status: RecordStatus = "unknown" if error.ambiguous else "failed"
            report.results += _whole_batch(batch, start, status, "transport", str(error))
            continue
        except ApiError as error:
            report.results += _whole_batch(batch, start, "failed", error.code or "error", error.message)
            continue
        except ActivitySchemasError as error:
            report.results += _whole_batch(batch, start, "failed", "error", str(error))
            continue
        for offset, record in enumerate(batch):
            answer = answers[offset] if offset < len(answers) else None
            report.results.append(_result(start + offset, record, answer))
    return report


def _result(index: int, record: ActivityRecord, answer: Mapping[str, Any] | None) -> RecordResult:
    if answer is None:
        return RecordResult(index, record.lead_id, "unknown",
                            errors=(("missing", "Marketo returned no result for this record"),))
    raw = answer.get("errors") or answer.get("reasons") or []  # both keys occur (marketo.md 2.4)
    errors = tuple((str(e.get("code")), redact(str(e.get("message", "")))) for e in raw if isinstance(e, Mapping))
    status = answer.get("status")
    if status == "added":
        guid = answer.get("marketoGUID")
        return RecordResult(index, record.lead_id, "added", str(guid) if guid is not None else None, errors)
    if status == "skipped":
        return RecordResult(index, record.lead_id, "skipped", errors=errors)
    return RecordResult(index, record.lead_id, "unknown",
                        errors=(*errors, ("status", f"unexpected status {status!r}")))


def _whole_batch(batch: Sequence[ActivityRecord], start: int, status: RecordStatus, code: str,
                 message: str) -> list[RecordResult]:
    text = redact(message)
    return [RecordResult(start + i, r.lead_id, status, errors=((code, text),)) for i, r in enumerate(batch)]
