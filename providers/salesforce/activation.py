"""The explicit activation stage: IsActive of an extension and its activity types, together.

Activation is a decision a person reviews in its own preview, so:
- ``create`` never changes an IsActive flag, either way. With ``active: true`` it leaves everything
  inactive and reports that activation applies on the next ``pulumi up``; with ``active: false``
  over an extension that is already live and active (adopted), it leaves it on. The ``active``
  output is the *live* state, so the next preview shows ``active: false => true`` (or ``true =>
  false``) as a change a person reviews; adopting never switches a live integration off.
- An activity type added to the list later is likewise only activated on the ``up`` after the one
  that added it.
- Activating requires the extension's assignment to a business unit (``assignmentId``) to exist.
- Activity types are activated before the extension and deactivated after it, so submissions start
  only when every type is ready and stop at once when switched back.
- ``read`` reports the live flags, so IsActive drift made in Setup shows on this resource.
- ``delete`` deactivates (removing the stage means "not active").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from providers.core.errors import ValidationError
from providers.salesforce.base import SalesforceProvider, notice
from providers.salesforce.models import ActivationInputs
from providers.salesforce.tooling import ACTIVITY_TYPE, ASSIGNMENT, EXTENSION, ToolingClient


class ActivationProvider(SalesforceProvider[ActivationInputs]):
    inputs_model = ActivationInputs
    resource_label = "Account Engagement activation"
    replace_on = ("extensionId",)
    local_fields: ClassVar[tuple[str, ...]] = ()

    # -- live state ----------------------------------------------------------------------------
    @staticmethod
    def _flags(client: ToolingClient, extension_id: str, type_ids: list[str]) -> tuple[bool | None, dict[str, bool]]:
        """IsActive of the extension (None when it is gone) and of each listed activity type that exists."""
        ext = client.get(EXTENSION, extension_id, operation=f"read extension {extension_id}")
        types: dict[str, bool] = {}
        for type_id in type_ids:
            record = client.get(ACTIVITY_TYPE, type_id, operation=f"read activity type {type_id}")
            if record is not None:
                types[type_id] = bool(record.get("IsActive"))
        return (bool(ext.get("IsActive")) if ext is not None else None), types

    @staticmethod
    def _live(model: Mapping[str, Any], ext_active: bool, types: Mapping[str, bool],
              pending: list[str]) -> dict[str, Any]:
        type_ids = list(model["activityTypeIds"])
        active = ext_active and all(types.get(t, False) for t in type_ids)
        return {
            "extensionId": model["extensionId"],
            "activityTypeIds": type_ids,
            "assignmentId": model["assignmentId"],
            "active": active,
            "extensionActive": ext_active,
            "activityTypesActive": {t: types.get(t, False) for t in type_ids},
            "pendingActivation": pending or None,
        }

    @staticmethod
    def _switch(client: ToolingClient, ext_id: str, ext_active: bool, types: dict[str, bool],
                type_ids: list[str], on: bool) -> bool:
        """Set IsActive on the listed types and the extension; returns the extension's new flag."""
        targets = [t for t in type_ids if t in types and types[t] != on]
        if not on and ext_active:  # off: the extension first, so submissions stop at once
            client.update(EXTENSION, ext_id, {"IsActive": False}, operation=f"deactivate extension {ext_id}")
            ext_active = False
        for type_id in targets:
            client.update(ACTIVITY_TYPE, type_id, {"IsActive": on},
                          operation=f"{'activate' if on else 'deactivate'} activity type {type_id}")
            types[type_id] = on
        if on and not ext_active:  # on: the extension last, once every type is ready
            client.update(EXTENSION, ext_id, {"IsActive": True}, operation=f"activate extension {ext_id}")
            ext_active = True
        return ext_active

    @staticmethod
    def _require_assignment(client: ToolingClient, model: ActivationInputs) -> None:
        record = client.get(ASSIGNMENT, model.assignment_id, operation=f"read assignment {model.assignment_id}")
        if record is None or str(record.get("MarketingAppExtensionId", ""))[:15] != model.extension_id[:15]:
            raise ValidationError(
                "assignmentId", f"activation needs extension {model.extension_id} assigned to its business unit "
                f"first; assignment {model.assignment_id} does not exist or belongs to another extension")

    # -- life cycle ----------------------------------------------------------------------------
    def create_resource(self, model: ActivationInputs) -> tuple[str, dict[str, Any]]:
        client = self.tooling()
        ext_active, types = self._flags(client, model.extension_id, model.activity_type_ids)
        if ext_active is None:
            raise ValidationError("extensionId", f"extension {model.extension_id} does not exist")
        self._require_assignment(client, model)
        pending: list[str] = []
        if model.active:
            pending = [t for t in model.activity_type_ids if not types.get(t, False)]
            if pending or not ext_active:
                notice(f"Account Engagement extension {model.extension_id}: not activated on this first "
                       "`pulumi up`; review the activation in the next preview and run `pulumi up` again "
                       "to activate it")
        elif ext_active or any(types.get(t, False) for t in model.activity_type_ids):
            live_on = [t for t in model.activity_type_ids if types.get(t, False)]
            notice(f"Account Engagement extension {model.extension_id} is active in the org (extension "
                   f"{'on' if ext_active else 'off'}, {len(live_on)} of {len(model.activity_type_ids)} activity "
                   "types on); this stack declares it inactive. It was left as it is: the next preview shows "
                   "the deactivation for review (declare active: true to keep it on)")
        return f"activation-{model.extension_id}", self._live(self.dump(model), ext_active, types, pending)

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        ext = state.get("extensionId")
        type_ids = state.get("activityTypeIds")
        if not isinstance(ext, str) or not isinstance(type_ids, list):
            return None
        ext_active, types = self._flags(self.tooling(), ext, [str(t) for t in type_ids])
        if ext_active is None:
            return None
        pending = [t for t in (state.get("pendingActivation") or []) if not types.get(t, False)]
        return self._live(state, ext_active, types, pending)

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ActivationInputs) -> dict[str, Any]:
        client = self.tooling()
        ext_active, types = self._flags(client, model.extension_id, model.activity_type_ids)
        if ext_active is None:
            raise ValidationError("extensionId", f"extension {model.extension_id} does not exist")
        known = set(state.get("activityTypeIds") or [])
        pending: list[str] = []
        if model.active:
            self._require_assignment(client, model)
            pending = [t for t in model.activity_type_ids if t not in known and not types.get(t, False)]
            ready = [t for t in model.activity_type_ids if t in known]
            if pending:
                notice(f"Account Engagement activity types {', '.join(pending)}: new in this update, left "
                       "inactive; the next `pulumi up` activates them after review")
            if ready or not pending:
                ext_active = self._switch(client, model.extension_id, ext_active, types, ready, on=True)
        else:
            ext_active = self._switch(client, model.extension_id, ext_active, types, model.activity_type_ids,
                                      on=False)
        return self._live(self.dump(model), ext_active, types, pending)

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        ext = state.get("extensionId")
        type_ids = [str(t) for t in state.get("activityTypeIds") or []]
        if not isinstance(ext, str):
            return
        client = self.tooling()
        ext_active, types = self._flags(client, ext, type_ids)
        if ext_active is None:
            return
        self._switch(client, ext, ext_active, types, type_ids, on=False)
        notice(f"Account Engagement extension {ext}: deactivated with its activity types (activation removed)")
