"""One profile per provider family: the declared schema and what the org must hold afterwards.

Why: every scenario runs the same way for every provider (the generic program, a schema file), so
the per-vendor knowledge (schema text, request paths of each step, the org's invariants) lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

State = dict[str, list[dict[str, Any]]]

ELOQUA_SCHEMA = """\
eloqua:
  externalAssetTypes:
    - name: Reliability Tradeshow
      activityTypes: [Registered, Attended]
      assets: [Reliability 2026]
"""

AE_SCHEMA = """\
accountEngagement:
  extensions:
    - developerName: Reliability_Service
      masterLabel: Reliability Service
      businessUnit: HappyHomeTX
      active: true
      activityTypes:
        - developerName: reliability_registered
          masterLabel: Registered
        - developerName: reliability_attended
          masterLabel: Attended
"""

MARKETO_SCHEMA = """\
marketo:
  customActivityTypes:
    - apiName: reliabilityConference
      name: Reliability Conference
      description: Attended a reliability conference
      triggerName: Attends Reliability Conference
      filterName: Attended Reliability Conference
      primaryAttribute: {apiName: conferenceName, name: Conference Name, description: The conference}
      attributes:
        - {apiName: badgeNumber, name: Badge Number, dataType: integer, description: The badge}
        - {apiName: city, name: City, dataType: string, description: Where it was held}
"""


@dataclass(frozen=True)
class Profile:
    key: str  # the matrix column
    vendor: str  # the sandbox vendor whose state and request log it reads
    schema: str
    ups_to_converge: int  # Account Engagement activates on the up after the one that creates
    org_problems: Callable[[State, dict[str, Any], bool], list[str]]
    state_problems: Callable[[State, list[dict[str, Any]]], list[str]]


def _one(items: list[dict[str, Any]], what: str, problems: list[str]) -> dict[str, Any] | None:
    if len(items) != 1:
        problems.append(f"expected exactly one {what}, the org holds {len(items)}")
        return None
    return items[0]


# -- Eloqua -------------------------------------------------------------------------------------
def eloqua_org(state: State, endpoints: dict[str, Any], converged: bool) -> list[str]:
    problems: list[str] = []
    types = state.get("eloqua/assetType", [])
    if not converged and not types:  # an interrupted run may have made nothing yet
        return [] if not state.get("eloqua/asset") else ["an asset without its type"]
    asset_type = _one(types, "external asset type", problems)
    assets = state.get("eloqua/asset", [])
    if asset_type is not None:
        if asset_type["name"] != "Reliability Tradeshow":
            problems.append(f"unexpected asset type {asset_type['name']!r}")
        names = [a["name"] for a in asset_type.get("activityTypes", [])]
        if names != ["Registered", "Attended"]:
            problems.append(f"asset type's activity types are {names}")
        strays = [a for a in assets if a.get("externalAssetTypeId") != asset_type["id"]]
        if strays:
            problems.append(f"{len(strays)} asset(s) of another type")
    if converged:
        asset = _one(assets, "external asset", problems)
        if asset is not None and asset["name"] != "Reliability 2026":
            problems.append(f"unexpected asset {asset['name']!r}")
    elif len(assets) > 1:
        problems.append(f"{len(assets)} assets: a duplicate")
    return problems


def eloqua_state(state: State, resources: list[dict[str, Any]]) -> list[str]:
    ids = {r["type"].rsplit(":", 1)[-1]: r["id"] for r in resources}
    org = {
        "ExternalAssetType": [t["id"] for t in state.get("eloqua/assetType", [])],
        "ExternalAsset": [a["id"] for a in state.get("eloqua/asset", [])],
    }
    return _compare_ids(ids, org, resources)


# -- Account Engagement -------------------------------------------------------------------------
def ae_org(state: State, endpoints: dict[str, Any], converged: bool) -> list[str]:
    problems: list[str] = []
    exts = state.get("salesforce/MarketingAppExtension", [])
    types = state.get("salesforce/MarketingAppExtActivity", [])
    assignments = state.get("salesforce/MarketingAppExtAssignment", [])
    if len(exts) > 1:
        problems.append(f"{len(exts)} extensions: a duplicate")
    for ext in exts:
        own_types = [t for t in types if t["MarketingAppExtensionId"] == ext["Id"]]
        own_assignments = [a for a in assignments if a["MarketingAppExtensionId"] == ext["Id"]]
        names = sorted(t["DeveloperName"] for t in own_types)
        if len(names) != len(set(names)):
            problems.append(f"duplicate activity types {names}")
        if len(own_assignments) > 1:
            problems.append(f"{len(own_assignments)} assignments: a duplicate")
        if ext.get("IsActive") and not own_assignments:
            problems.append("an active extension without an assignment to a business unit")
        if ext.get("IsActive") and not all(t.get("IsActive") for t in own_types):
            problems.append("a half-activated extension: active, with an inactive activity type")
    strays = [t for t in types if t["MarketingAppExtensionId"] not in {e["Id"] for e in exts}]
    if strays:
        problems.append(f"{len(strays)} activity type(s) of no declared extension")
    if not converged:
        return problems
    only = _one(exts, "extension", problems)
    if only is None:
        return problems
    ext = only
    if ext["DeveloperName"] != "Reliability_Service":
        problems.append(f"unexpected extension {ext['DeveloperName']!r}")
    names = sorted(t["DeveloperName"] for t in types)
    if names != ["reliability_attended", "reliability_registered"]:
        problems.append(f"activity types are {names}")
    assignment = _one(assignments, "assignment", problems)
    bu = endpoints["salesforce"]["business_units"]["HappyHomeTX"]
    if assignment is not None and assignment["ParentId"] != bu:
        problems.append("the assignment names another business unit")
    if not ext.get("IsActive") or not all(t.get("IsActive") for t in types):
        problems.append("the extension declared active is not fully active")
    return problems


def ae_state(state: State, resources: list[dict[str, Any]]) -> list[str]:
    ids: dict[str, Any] = {}
    type_ids: list[str] = []
    for r in resources:
        kind = r["type"].rsplit(":", 1)[-1]
        if kind == "ActivityType":
            type_ids.append(r["id"])
        elif kind != "Activation":
            ids[kind] = r["id"]
    org = {
        "Extension": [e["Id"] for e in state.get("salesforce/MarketingAppExtension", [])],
        "ExtensionAssignment": [a["Id"] for a in state.get("salesforce/MarketingAppExtAssignment", [])],
    }
    problems = _compare_ids(ids, org, [r for r in resources if r["type"].endswith(("Extension", "Assignment"))])
    live_types = sorted(t["Id"] for t in state.get("salesforce/MarketingAppExtActivity", []))
    if sorted(type_ids) != live_types:
        problems.append(f"state's activity types {sorted(type_ids)} != org's {live_types}")
    if not any(r["type"].endswith(":Activation") for r in resources):
        problems.append("the state has no activation")
    return problems


# -- Marketo ------------------------------------------------------------------------------------
def marketo_org(state: State, endpoints: dict[str, Any], converged: bool) -> list[str]:
    problems: list[str] = []
    ours = [t for t in state.get("marketo/customType", []) if t.get("origin") != "seed"]
    if len(ours) > 1:
        problems.append(f"{len(ours)} custom activity types: a duplicate")
    if not converged:
        return problems
    cat = _one(ours, "custom activity type", problems)
    if cat is None:
        return problems
    if cat["apiName"] != "reliabilityConference":
        problems.append(f"unexpected type {cat['apiName']!r}")
    if not cat.get("live"):
        problems.append("the type was never approved")
    if cat.get("draft"):
        problems.append("an orphan draft is pending on the type")
    live = cat.get("live") or {}
    names = sorted(a["apiName"] for a in live.get("attributes", []))
    if names != ["badgeNumber", "city"]:
        problems.append(f"live attributes are {names}")
    return problems


def marketo_state(state: State, resources: list[dict[str, Any]]) -> list[str]:
    ours = [t for t in state.get("marketo/customType", []) if t.get("origin") != "seed"]
    problems: list[str] = []
    if len(resources) != 1 or len(ours) != 1:
        return [f"state holds {len(resources)} type(s), the org {len(ours)}"]
    outputs = resources[0].get("outputs", {})
    if outputs.get("activityTypeId") != ours[0]["id"]:
        problems.append(f"state's activityTypeId {outputs.get('activityTypeId')} != org's {ours[0]['id']}")
    return problems


def _compare_ids(ids: dict[str, Any], org: dict[str, list[Any]], resources: list[dict[str, Any]]) -> list[str]:
    problems = []
    for kind, live in org.items():
        recorded = [r["id"] for r in resources if r["type"].rsplit(":", 1)[-1] == kind]
        if sorted(map(str, recorded)) != sorted(map(str, live)):
            problems.append(f"{kind}: state holds {recorded}, the org {live}")
    return problems


ELOQUA = Profile("eloqua", "eloqua", ELOQUA_SCHEMA, 1, eloqua_org, eloqua_state)
ACCOUNT_ENGAGEMENT = Profile("account-engagement", "salesforce", AE_SCHEMA, 2, ae_org, ae_state)
MARKETO = Profile("marketo", "marketo", MARKETO_SCHEMA, 1, marketo_org, marketo_state)
PROFILES = {p.key: p for p in (ELOQUA, ACCOUNT_ENGAGEMENT, MARKETO)}
