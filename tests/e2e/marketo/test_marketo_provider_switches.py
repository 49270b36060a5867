"""The provider against the sandbox under each of its parity switches (where the docs are silent).

No pulumi CLI here: the provider's methods are called directly, so each switch costs milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from providers.marketo import names
from providers.marketo.connection import client_for, connection_from_endpoints
from providers.marketo.provider import CustomActivityTypeProvider

pytestmark = pytest.mark.contract

INPUTS: dict[str, Any] = {
    "apiName": "attendConference", "name": "Attend Conference", "description": "Attend the conference",
    "triggerName": "Attends Conference", "filterName": "Attended Conference",
    "primaryAttribute": {"apiName": "conferenceName", "name": "Conference Name"},
    "attributes": [{"apiName": "conferenceDate", "name": "Conference Date", "dataType": "datetime"}],
}

SWITCHES = [
    {},
    {"describe_unapproved": "error"},
    {"empty_attributes": "list"},
    {"envelope": "examples"},
    {"freeze_when": "approved"},
    {"discard_unapproved": "delete"},
    {"not_found_code": "1013", "duplicate_code": "1017"},
    {"not_found_code": "610"},
]


@pytest.fixture
def provider(sandbox, control) -> Iterator[CustomActivityTypeProvider]:  # type: ignore[no-untyped-def]
    names.reset()
    instance = CustomActivityTypeProvider()
    instance.configure_connection({"activity-schemas:sandboxEndpoints": str(sandbox.endpoints_file)})
    yield instance
    names.reset()


@pytest.mark.parametrize("switch", SWITCHES, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()) or "defaults")
def test_life_cycle_under_switch(  # type: ignore[no-untyped-def]
    provider: CustomActivityTypeProvider, control, switch: dict[str, Any]
) -> None:
    if switch:
        control.settings("marketo", **switch)
    checked = provider.check({}, dict(INPUTS))
    assert checked.failures == []
    created = provider.create(checked.inputs)
    assert created.outs is not None and created.outs["status"] == "approved"
    assert provider.diff(created.id, created.outs, checked.inputs).changes is False
    read = provider.read(created.id, created.outs)
    assert provider.diff(created.id, read.outs or {}, checked.inputs).changes is False

    # all attributes removed, then a held draft, then approved again
    bare = provider.check(dict(INPUTS), {**INPUTS, "attributes": []}).inputs
    updated = provider.update(created.id, created.outs, bare)
    assert updated.outs is not None and updated.outs["attributes"] == []
    assert provider.diff(created.id, provider.read(created.id, updated.outs).outs or {}, bare).changes is False
    held_inputs = {**INPUTS, "approve": False}
    held = provider.update(created.id, updated.outs, provider.check(bare, held_inputs).inputs)
    assert held.outs is not None and held.outs["status"] == "approved with draft"
    again = provider.read(created.id, held.outs)
    assert again.outs is not None and again.outs["status"] == "approved with draft"
    assert provider.diff(created.id, again.outs, provider.check({}, held_inputs).inputs).changes is False

    # adopt the existing type in a "new stack", then delete it; a second delete finds it gone
    names.reset()
    adopted = provider.create(provider.check({}, {**INPUTS, "approve": False, "adopt": True}).inputs)
    assert adopted.id == "attendConference"
    provider.delete(created.id, held.outs)
    provider.delete(created.id, held.outs)
    assert provider.read(created.id, held.outs).id == ""


@pytest.mark.parametrize("switch", SWITCHES[:2] + SWITCHES[5:6], ids=["defaults", "describe_error", "discard_delete"])
def test_never_approved_draft_under_switch(  # type: ignore[no-untyped-def]
    provider: CustomActivityTypeProvider, control, switch: dict[str, Any]
) -> None:
    if switch:
        control.settings("marketo", **switch)
    held = {**INPUTS, "approve": False}
    created = provider.create(provider.check({}, held).inputs)
    assert created.outs is not None and created.outs["status"] == "draft"
    renamed = {**held, "name": "Attend Event", "primaryAttribute": {"apiName": "eventName", "name": "Event Name"}}
    checked = provider.check(held, renamed)
    assert checked.failures == [] and not provider.diff(created.id, created.outs, checked.inputs).replaces
    updated = provider.update(created.id, created.outs, checked.inputs)
    assert updated.outs is not None and updated.outs["primaryAttribute"]["apiName"] == "eventName"
    assert provider.read(created.id, updated.outs).outs["name"] == "Attend Event"  # type: ignore[index]
    approved = provider.update(created.id, updated.outs, provider.check(renamed, {**renamed, "approve": True}).inputs)
    assert approved.outs is not None and approved.outs["status"] == "approved"
    provider.delete(created.id, approved.outs)


def test_debug_logs_never_show_the_client_secret_or_the_token(provider, sandbox, control, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    client = client_for(connection_from_endpoints(sandbox.endpoints))
    client.tokens.invalidate(client.tokens.get())  # force a token call while DEBUG logging is on
    client.list_types()
    secret = sandbox.endpoints["marketo"]["client_secret"]
    assert "oauth/token" in caplog.text  # the request line was logged...
    assert secret not in caplog.text and client.tokens.get() not in caplog.text  # ...without the secret
