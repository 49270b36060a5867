"""Generated resource inputs: every provider's ``check`` names the field and the rule, never raises,
and never calls an API (hypothesis)."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers.core.provider import SchemaProvider
from providers.eloqua import connection as eloqua_connection
from providers.eloqua.asset import ExternalAssetProvider
from providers.eloqua.asset_type import ExternalAssetTypeProvider
from providers.marketo import connection as marketo_connection
from providers.marketo.provider import CustomActivityTypeProvider
from providers.salesforce import connection as salesforce_connection
from providers.salesforce.activation import ActivationProvider
from providers.salesforce.activity_type import ActivityTypeProvider
from providers.salesforce.assignment import ExtensionAssignmentProvider
from providers.salesforce.business_unit import BusinessUnitProvider
from providers.salesforce.extension import ExtensionProvider

PROVIDERS: dict[str, list[type[SchemaProvider[Any]]]] = {
    "eloqua": [ExternalAssetTypeProvider, ExternalAssetProvider],
    "account-engagement": [ExtensionProvider, ActivityTypeProvider, ExtensionAssignmentProvider,
                           ActivationProvider, BusinessUnitProvider],
    "marketo": [CustomActivityTypeProvider],
}
EXAMPLES = 120
EXT, TYPE, ASSIGN = "1Ex5g0N63fLhMt9CCF", "1Ea5g0Mq9hj8fNnCCI", "1Es5g0cw9dYVXIPCA5"
# a valid input per provider: the generator also mutates one field of it, so accepted and
# rejected inputs are both exercised
VALID: dict[type[SchemaProvider[Any]], dict[str, Any]] = {
    ExternalAssetTypeProvider: {"name": "Tradeshow", "activityTypes": ["Registered", "Attended"]},
    ExternalAssetProvider: {"name": "Tradeshow 2021", "assetTypeId": "10001"},
    ExtensionProvider: {"developerName": "Webinar_Service", "masterLabel": "Webinar Service"},
    ActivityTypeProvider: {"extensionId": EXT, "developerName": "registered", "masterLabel": "Registered"},
    ExtensionAssignmentProvider: {"extensionId": EXT, "businessUnit": "HappyHomeTX"},
    ActivationProvider: {"extensionId": EXT, "activityTypeIds": [TYPE], "assignmentId": ASSIGN, "active": True},
    BusinessUnitProvider: {"businessUnit": "HappyHomeTX"},
    CustomActivityTypeProvider: {
        "apiName": "attendConference", "name": "Attend Conference", "triggerName": "Attends Conference",
        "filterName": "Attended Conference", "primaryAttribute": {"apiName": "conferenceName", "name": "Conference"},
        "attributes": [{"apiName": "city", "name": "City", "dataType": "string"}],
    },
}

# what arrives over the wire from a program or stack config: JSON values (ints as floats too)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=300), st.sampled_from(["", " ", "a" * 300, "0Uv5g0000000001AAA", "Registered", "date",
                                            "string", "integer", "HappyHomeTX", "bad name!", "\u00e9\u4e2d"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)


def inputs_for(provider: SchemaProvider[Any]) -> st.SearchStrategy[dict[str, Any]]:
    fields = list(provider.input_fields())
    keys = st.one_of(st.sampled_from(fields), st.text(min_size=1, max_size=10))  # no empty names in Pulumi
    valid = VALID[type(provider)]

    def mutate(key: str, value: Any, action: str) -> dict[str, Any]:
        changed = dict(valid)
        if action == "drop":
            changed.pop(key, None)
        elif action == "set":
            changed[key] = value
        return changed

    mutated = st.builds(mutate, keys, values, st.sampled_from(["keep", "drop", "set", "set"]))
    return st.one_of(st.dictionaries(keys, values, max_size=len(fields) + 2), mutated)


class NoApiCall(AssertionError):
    pass


ATTEMPTS: list[str] = []


def _refuse(*args: Any, **kwargs: Any) -> Any:
    ATTEMPTS.append(" ".join(str(a) for a in args[1:3]))
    raise NoApiCall(f"check made an API call: {args[1:3]}")


# Some rules need the org: issue 4's "unknown business unit" (the org's list of business units),
# an activity type's extension that must exist (one read of it), issue 5's 10 types per Marketo
# instance counting live types (the instance's list). These checks may make exactly that read
# (plus the token), once per process, and only once every rule that needs no API call has passed.
def _business_units(method: str, url: str, query: str) -> bool:
    return method == "GET" and "/tooling/query" in url and "FROM PardotTenant" in query


def _extension_read(method: str, url: str, query: str) -> bool:
    return method == "GET" and "/tooling/sobjects/MarketingAppExtension/" in url


def _marketo_types(method: str, url: str, query: str) -> bool:
    return method == "GET" and url.endswith("/rest/v1/activities/external/types.json")


LOOKUPS: dict[type[SchemaProvider[Any]], Any] = {
    ExtensionAssignmentProvider: _business_units, BusinessUnitProvider: _business_units,
    ActivityTypeProvider: _extension_read, CustomActivityTypeProvider: _marketo_types,
}
_real_request = requests.Session.request
_lookup: list[Any] = []


def _token(method: str, url: str) -> bool:
    return ((method == "POST" and url.endswith("/services/oauth2/token"))
            or (method == "GET" and url.endswith("/identity/oauth/token")))


def _lookup_only(session: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
    ATTEMPTS.append(f"{method} {url}")
    query = str((kwargs.get("params") or {}).get("q", ""))
    if not (_token(method, url) or _lookup[0](method, url, query)):
        raise NoApiCall(f"check made an API call other than its look-up: {method} {url}")
    return _real_request(session, method, url, *args, **kwargs)


def _check(provider: SchemaProvider[Any], news: dict[str, Any], seen: dict[str, int]) -> None:
    """One input: check answers (no exception, no API call) and every failure names a field and a rule."""
    known = set(provider.input_fields())
    ATTEMPTS.clear()
    lookup = type(provider) in LOOKUPS
    _lookup[:] = [LOOKUPS.get(type(provider))]
    with mock.patch.object(requests.Session, "request", _refuse), \
            mock.patch.object(requests.Session, "send", _refuse):
        try:
            local = SchemaProvider.check(provider, {}, news)  # the rules that need no API call
        except Exception:
            assert not ATTEMPTS, f"check made an API call ({ATTEMPTS[0]}) for {news}"
            raise
    assert not ATTEMPTS, f"check made an API call ({ATTEMPTS[0]}) for {news}"
    allowed = lookup and not local.failures
    # Session.request goes through Session.send: a permitted look-up must reach it
    real_send = requests.Session.send
    with mock.patch.object(requests.Session, "request", _lookup_only if allowed else _refuse), \
            mock.patch.object(requests.Session, "send", real_send if allowed else _refuse):
        try:
            result = provider.check({}, news)  # any exception here is a traceback for the user
        except Exception:
            assert allowed or not ATTEMPTS, f"check made an API call ({ATTEMPTS[0]}) for {news}"
            raise
    assert allowed or not ATTEMPTS, f"check made an API call ({ATTEMPTS[0]}) for {news}"
    if ATTEMPTS:
        seen["lookups"] = seen.get("lookups", 0) + 1
    seen["inputs"] += 1
    failures = result.failures or []
    if not failures:
        seen["accepted"] += 1
    if failures:
        seen["rejected"] += 1
        seen["failures"] += len(failures)
    for failure in failures:
        assert failure.property, f"a failure names no field: {failure.reason!r}"
        assert failure.reason and failure.reason.strip(), f"{failure.property}: no rule given"
        root = re.split(r"[.\[]", failure.property)[0]
        assert failure.property in news or root in known, (
            f"{failure.property!r} is neither an input nor given (for {news}: {failure.reason})")
        assert "Traceback" not in failure.reason


def _each_field_dropped_or_nulled(provider: SchemaProvider[Any]) -> list[dict[str, Any]]:
    """The systematic cases next to the generated ones: the valid input less one field, or with it null."""
    valid = VALID[type(provider)]
    cases = [valid]
    for field in provider.input_fields():
        cases.append({k: v for k, v in valid.items() if k != field})
        cases.append({**valid, field: None})
    return cases


def _property(provider: SchemaProvider[Any], seen: dict[str, int]) -> Any:
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow],
              report_multiple_bugs=False)
    @given(inputs_for(provider))
    def check_one(news: dict[str, Any]) -> None:
        _check(provider, news, seen)

    return check_one


CASES = [(key, cls) for key, classes in PROVIDERS.items() for cls in classes]


@pytest.mark.parametrize(("key", "provider_class"), CASES, ids=[f"{k}-{c.__name__}" for k, c in CASES])
def test_check_answers_with_field_and_rule(key: str, provider_class: type[SchemaProvider[Any]],
                                           request: pytest.FixtureRequest, sandbox: Any, control: Any) -> None:
    # `control` resets the shared sandbox first: an earlier test may have left its user inactive
    request.applymarker(pytest.mark.matrix(scenario="bad input: generated inputs to check", provider=key))
    cell = request.getfixturevalue("cell")
    seen = {"inputs": 0, "accepted": 0, "rejected": 0, "failures": 0}
    # connected to the sandbox as in a real run, so that any API call check made would be attempted
    raw = {"activity-schemas:sandboxEndpoints": str(sandbox.endpoints_file)}
    salesforce_connection.configure(raw)
    eloqua_connection.configure(raw)
    marketo_connection.configure(raw)
    if provider_class is ActivityTypeProvider:  # its extension must exist: made as an admin would
        made = control.admin("salesforce", "POST", "objects/MarketingAppExtension",
                             json={"DeveloperName": "Checked_Ext", "MasterLabel": "Checked"})
        VALID[ActivityTypeProvider] = {**VALID[ActivityTypeProvider], "extensionId": made.json()["Id"]}
    ATTEMPTS.clear()
    provider = provider_class()
    for news in _each_field_dropped_or_nulled(provider):
        _check(provider, news, seen)
    _property(provider, seen)()
    assert seen["rejected"] > 0 and seen["accepted"] > 0, f"the generator is one-sided: {seen}"
    name = provider_class.__name__.removesuffix("Provider")
    calls = ("0 API calls" if not seen.get("lookups") else
             f"API calls only for its look-up, after the local rules passed ({seen['lookups']} inputs; read "
             "once per process), none for input the local rules reject")
    cell.note(f"{name}: {seen['inputs']} generated inputs: {seen['accepted']} accepted, "
              f"{seen['rejected']} rejected with {seen['failures']} field+rule failures; 0 exceptions, {calls}")
