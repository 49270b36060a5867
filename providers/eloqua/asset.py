"""ExternalAsset: a named asset of an external asset type ("Tradeshow 2021"), for teams that manage
their assets as code. Changing its type is a replacement: Eloqua does not move an asset between
types in place (the sandbox refuses it with ImmutabilityRequirement, docs/sandbox/eloqua.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import Resource

from providers.core.errors import ActivitySchemasError, NotFoundError
from providers.eloqua.base import EloquaProvider, create_once
from providers.eloqua.client import EloquaClient
from providers.eloqua.models import ExternalAssetInputs

LABEL = "Eloqua external asset"


def request_body(model: ExternalAssetInputs, type_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"name": model.name, "externalAssetTypeId": type_id}
    if model.description is not None:
        body["description"] = model.description
    return body


def _type_id(client: EloquaClient, model: ExternalAssetInputs) -> str:
    if model.asset_type_id is not None:
        return model.asset_type_id
    found = client.find_asset_type(str(model.asset_type))
    if found is None:
        raise ActivitySchemasError(f"{LABEL} {model.name!r}: assetType: no external asset type named "
                                   f"{model.asset_type!r} exists in Eloqua")
    return str(found["id"])


def live_of(doc: Mapping[str, Any], *, by_name: bool, type_name: str | None) -> dict[str, Any]:
    """Input-shaped: the type in the form the program gave it (id, or name)."""
    return {
        "name": doc["name"],
        "description": doc.get("description"),
        "externalAssetTypeId": doc["externalAssetTypeId"],
        "assetTypeId": None if by_name else doc["externalAssetTypeId"],
        "assetType": type_name if by_name else None,
    }


class ExternalAssetProvider(EloquaProvider[ExternalAssetInputs]):
    inputs_model = ExternalAssetInputs
    resource_label = LABEL
    local_fields = ("adopt",)
    passive_fields = ("adopt",)

    def replacements(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
        """Eloqua cannot move an asset to another type, so that is a replacement; naming the same
        type differently (the type renamed, or given by id instead of by name) is not.

        Only a changed ``assetType`` name costs a look-up; a name not found (yet) plans an update,
        which fails with a clear error at apply time rather than deleting the asset.
        """
        changed = [f for f in ("assetTypeId", "assetType") if old.get(f) != new.get(f)]
        current = old.get("externalAssetTypeId")
        if not changed:
            return []
        if current is None:  # no live type id to compare with: as before, the change replaces
            return changed
        if new.get("assetTypeId") is not None:
            target: str | None = str(new["assetTypeId"])
        else:
            try:
                found = self.client().find_asset_type(str(new.get("assetType")))
            except Exception as exc:
                raise self._fail("diff", exc) from None
            target = str(found["id"]) if found is not None else None
        return changed if target is not None and target != str(current) else []

    def create_resource(self, model: ExternalAssetInputs) -> tuple[str, dict[str, Any]]:
        client = self.client()
        what = f"{LABEL} {model.name!r}"
        type_id = _type_id(client, model)
        by_name = model.asset_type is not None
        existing = client.find_asset(model.name)
        if existing is not None:
            if not model.adopt:
                raise ActivitySchemasError(f"{what} already exists in Eloqua (id {existing['id']}); set adopt: true "
                                           "to manage it, or choose another name")
            if existing["externalAssetTypeId"] != type_id:
                raise ActivitySchemasError(f"{what} exists (id {existing['id']}) with asset type "
                                           f"{existing['externalAssetTypeId']}, not {type_id}: adopt refuses a "
                                           "mismatch")
            if (existing.get("description") or None) != model.description:
                existing = client.update_asset(existing["id"], request_body(model, type_id))
            return existing["id"], live_of(existing, by_name=by_name, type_name=model.asset_type)
        created = create_once(
            post=lambda: client.create_asset(request_body(model, type_id)),
            find=lambda: client.find_asset(model.name),
            matches=lambda doc: doc.get("externalAssetTypeId") == type_id,
            what=what,
            adopt=model.adopt,
        )
        return created["id"], live_of(created, by_name=by_name, type_name=model.asset_type)

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        client = self.client()
        doc = client.get_asset(id_)
        if doc is None:
            return None
        by_name = state.get("assetType") is not None
        type_name = None
        if by_name:
            asset_type = client.get_asset_type(doc["externalAssetTypeId"])
            type_name = asset_type["name"] if asset_type else None
        return live_of(doc, by_name=by_name, type_name=type_name)

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ExternalAssetInputs) -> dict[str, Any]:
        client = self.client()
        if client.get_asset(id_) is None:
            raise NotFoundError("eloqua", f"{LABEL} {id_} was deleted outside Pulumi; run `pulumi refresh`",
                                status=404, operation="update")
        type_id = _type_id(client, model)
        doc = client.update_asset(id_, request_body(model, type_id))
        return live_of(doc, by_name=model.asset_type is not None, type_name=model.asset_type)

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        self.client().delete_asset(id_)


class ExternalAsset(Resource, module="eloqua", name="ExternalAsset"):
    """``ExternalAsset("ts2021", name="Tradeshow 2021", asset_type_id=tradeshow.id)``."""

    externalAssetTypeId: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        name: pulumi.Input[str],
        asset_type_id: pulumi.Input[str] | None = None,
        asset_type: pulumi.Input[str] | None = None,
        description: pulumi.Input[str] | None = None,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "name": name, "assetTypeId": asset_type_id, "assetType": asset_type, "description": description,
            "adopt": adopt, "externalAssetTypeId": None,
        }
        super().__init__(ExternalAssetProvider(), resource_name, props, opts)
