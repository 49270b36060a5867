"""ExternalAssetType: an Eloqua external asset type and its activity types, as code.

Activity types are matched by name (case-insensitively) to keep their Eloqua ids across updates.
Eloqua offers no way to list which activity types activities use, so every removal (a rename is a
removal plus an addition) fails ``check`` until ``allowActivityTypeRemoval`` confirms it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, DiffResult, Resource
from pulumi.runtime import rpc

from providers.core.errors import ActivitySchemasError, NotFoundError
from providers.eloqua.base import EloquaProvider, create_once, notice
from providers.eloqua.errors import DependencyError
from providers.eloqua.models import ExternalAssetTypeInputs

LABEL = "Eloqua external asset type"
DEPENDENCY_WAIT = 30.0  # seconds a delete waits for the type's assets to be deleted by the same run


def removed_activity_types(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    kept = {str(n).casefold() for n in new.get("activityTypes") or []}
    return [str(n) for n in old.get("activityTypes") or [] if str(n).casefold() not in kept]


def live_of(doc: Mapping[str, Any]) -> dict[str, Any]:
    activity_types = doc.get("activityTypes") or []
    return {
        "name": doc["name"],
        "description": doc.get("description"),
        "activityTypes": [a["name"] for a in activity_types],
        "activityTypeIds": {a["name"]: a["id"] for a in activity_types},
    }


def request_body(model: ExternalAssetTypeInputs, current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The full object Eloqua's PUT wants; existing activity types keep their ids."""
    ids = {a["name"].casefold(): a["id"] for a in (current or {}).get("activityTypes") or []}
    items: list[dict[str, Any]] = []
    for name in model.activity_types:
        item: dict[str, Any] = {"name": name}
        if name.casefold() in ids:
            item["id"] = ids[name.casefold()]
        items.append(item)
    body: dict[str, Any] = {"name": model.name, "activityTypes": items}
    if model.description is not None:
        body["description"] = model.description
    return body


def _same_definition(doc: Mapping[str, Any], model: ExternalAssetTypeInputs) -> bool:
    live = [n.casefold() for n in live_of(doc)["activityTypes"]]
    return sorted(live) == sorted(n.casefold() for n in model.activity_types)


class ExternalAssetTypeProvider(EloquaProvider[ExternalAssetTypeInputs]):
    inputs_model = ExternalAssetTypeInputs
    resource_label = LABEL
    local_fields = ("adopt", "allowActivityTypeRemoval")
    passive_fields = ("adopt", "allowActivityTypeRemoval")
    # Eloqua keeps activity types in the order they were added (one deleted and added again in
    # the UI moves to the end); the order carries no meaning, so it is not a change (as in drift).
    keyed_lists = {"activityTypes": ""}

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(_olds, news)
        if result.failures or not isinstance(result.inputs, dict):
            return result
        new_types = result.inputs.get("activityTypes")
        if not isinstance(new_types, list) or rpc.UNKNOWN in new_types:  # preview: not known yet
            return result
        removed = removed_activity_types(_olds, result.inputs)
        if removed and not result.inputs.get("allowActivityTypeRemoval"):
            return CheckResult(news, [CheckFailure(
                "activityTypes",
                f"removes activity type(s) {', '.join(repr(n) for n in removed)}: activities already recorded "
                "against them keep a type Eloqua no longer has, and Eloqua cannot tell whether any exist; "
                "set allowActivityTypeRemoval: true to confirm",
            )])
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(_id, olds, news)
        removed = removed_activity_types(olds, news)
        if result.changes and removed:
            notice(f"{LABEL} {news.get('name')!r}: removes activity type(s) {', '.join(removed)} "
                   "(confirmed by allowActivityTypeRemoval)")
        return result

    def create_resource(self, model: ExternalAssetTypeInputs) -> tuple[str, dict[str, Any]]:
        client = self.client()
        what = f"{LABEL} {model.name!r}"
        existing = client.find_asset_type(model.name)
        if existing is not None:
            if not model.adopt:
                raise ActivitySchemasError(
                    f"{what} already exists in Eloqua (id {existing['id']}); set adopt: true to manage it, "
                    "or choose another name")
            if not _same_definition(existing, model):
                raise ActivitySchemasError(
                    f"{what} exists (id {existing['id']}) with activity types "
                    f"{live_of(existing)['activityTypes']}, not {model.activity_types}: adopt refuses a "
                    "mismatch; make the program match first")
            if (existing.get("description") or None) != model.description:
                existing = client.update_asset_type(existing["id"], request_body(model, existing))
            return existing["id"], live_of(existing)
        created = create_once(
            post=lambda: client.create_asset_type(request_body(model, None)),
            find=lambda: client.find_asset_type(model.name),
            matches=lambda doc: _same_definition(doc, model),
            what=what,
            adopt=model.adopt,
        )
        return created["id"], live_of(created)

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        doc = self.client().get_asset_type(id_)
        return None if doc is None else live_of(doc)

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ExternalAssetTypeInputs) -> dict[str, Any]:
        client = self.client()
        current = client.get_asset_type(id_)
        if current is None:
            raise NotFoundError("eloqua", f"{LABEL} {id_} was deleted outside Pulumi; run `pulumi refresh`",
                                status=404, operation="update")
        wanted = {n.casefold() for n in model.activity_types}
        dropped = [a["name"] for a in current.get("activityTypes") or [] if a["name"].casefold() not in wanted]
        if dropped and not model.allow_activity_type_removal:
            # Activity types added in Eloqua since the last refresh: the full-object PUT would delete them.
            raise ActivitySchemasError(
                f"{LABEL} {model.name!r}: Eloqua has activity type(s) {', '.join(repr(n) for n in dropped)} that "
                "the program does not list (added outside Pulumi?); applying the program would remove them. Run "
                "`pulumi refresh` to see them, add them to the program, or confirm with allowActivityTypeRemoval: true")
        return live_of(client.update_asset_type(id_, request_body(model, current)))

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        client = self.client()
        deadline = time.monotonic() + DEPENDENCY_WAIT
        while True:
            try:
                client.delete_asset_type(id_)
                return
            except DependencyError:
                # The same run may be deleting this type's assets right now (no declared dependency
                # when the asset names its type by name): wait for them, then explain.
                if time.monotonic() > deadline:
                    raise ActivitySchemasError(
                        f"{LABEL} {state.get('name')!r} still has external assets in Eloqua; delete them first"
                    ) from None
                time.sleep(1.0)


class ExternalAssetType(Resource, module="eloqua", name="ExternalAssetType"):
    """``ExternalAssetType("tradeshow", name="Tradeshow", activity_types=["Registered", ...])``."""

    activityTypes: pulumi.Output[list[str]]
    activityTypeIds: pulumi.Output[dict[str, str]]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        activity_types: pulumi.Input[list[str]],
        description: pulumi.Input[str] | None = None,
        adopt: bool = False,
        allow_activity_type_removal: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name, "activityTypes": activity_types, "description": description, "adopt": adopt,
            "allowActivityTypeRemoval": allow_activity_type_removal, "activityTypeIds": None,
        }
        super().__init__(ExternalAssetTypeProvider(), resource_name, props, opts)
