"""Provider of ``MarketingAppExtAssignment``: the extension assigned to a business unit.

The business unit is given by name (``PardotTenantName``) or id and resolved to ``ParentId``;
``check`` already refuses an unknown one, listing the org's business units. Assignments have a
real DELETE. A change of business unit is a PATCH of ``ParentId``; a change of extension is a
replacement (the old extension's retirement removes its assignments).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import CheckResult

from providers.core.errors import ConflictError, NotFoundError, TransportError
from providers.salesforce import business_units
from providers.salesforce.base import SalesforceProvider, notice
from providers.salesforce.fresh import is_fresh
from providers.salesforce.models import ExtensionAssignmentInputs
from providers.salesforce.tooling import ASSIGNMENT, ToolingClient, check_id, soql


def assignments_of(client: ToolingClient, extension_id: str) -> list[dict[str, Any]]:
    return client.query(
        soql("Id, MarketingAppExtensionId, ParentId", ASSIGNMENT, MarketingAppExtensionId=extension_id),
        operation=f"list assignments of extension {extension_id}",
    )


def _same_id(a: Any, b: Any) -> bool:
    return isinstance(a, str) and isinstance(b, str) and a[:15] == b[:15]


class ExtensionAssignmentProvider(SalesforceProvider[ExtensionAssignmentInputs]):
    inputs_model = ExtensionAssignmentInputs
    resource_label = "Account Engagement extension assignment"
    replace_on = ("extensionId",)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The model's rules, then the business unit must exist (a read: one query per process)."""
        return self.check_business_unit(super().check(_olds, news), _olds, news)

    def _live(self, record: Mapping[str, Any], state_unit: str | None, client: ToolingClient) -> dict[str, Any]:
        parent = str(record.get("ParentId") or "")
        units = business_units.list_business_units(client)
        unit = next((u for u in units if _same_id(u.id, parent)), None)
        if unit is None:
            units = business_units.list_business_units(client, fresh=True)
            unit = next((u for u in units if _same_id(u.id, parent)), None)
        name = unit.name if unit else None
        # The input the live object implies, in the form the program used (name or id).
        if state_unit and unit and (state_unit == unit.name or _same_id(state_unit, unit.id)):
            implied = state_unit
        elif state_unit and business_units.looks_like_id(state_unit):
            implied = parent
        else:
            implied = name or parent
        return {"extensionId": record.get("MarketingAppExtensionId"), "businessUnit": implied,
                "businessUnitId": parent, "businessUnitName": name}

    def create_resource(self, model: ExtensionAssignmentInputs) -> tuple[str, dict[str, Any]]:
        client = self.tooling()
        unit = business_units.resolve(client, model.business_unit)
        ext = model.extension_id
        existing = [] if is_fresh(ext) else assignments_of(client, ext)
        same = [r for r in existing if _same_id(r.get("ParentId"), unit.id)]
        if same:
            id_ = str(same[0]["Id"])
            if not model.adopt:
                raise ConflictError(
                    "salesforce", f"extension {ext} is already assigned to business unit {unit.name} ({id_}); "
                    "set adopt: true to manage that assignment", code="ALREADY_EXISTS",
                    operation="create assignment")
            notice(f"Account Engagement assignment {id_}: adopted the existing assignment to {unit.name}")
            return id_, self._live(same[0], model.business_unit, client)
        fields = {"MarketingAppExtensionId": ext, "ParentId": unit.id}
        try:
            id_ = client.create(ASSIGNMENT, fields, operation=f"assign extension {ext} to {unit.name}")
        except (TransportError, ConflictError) as error:
            if isinstance(error, TransportError) and not error.ambiguous:
                raise
            found = [r for r in assignments_of(client, ext) if _same_id(r.get("ParentId"), unit.id)]
            if not found:
                raise
            id_ = str(found[0]["Id"])  # our own create, whose answer was lost
        return id_, {"extensionId": ext, "businessUnit": model.business_unit, "businessUnitId": unit.id,
                     "businessUnitName": unit.name}

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        client = self.tooling()
        record = client.get(ASSIGNMENT, check_id(id_, "id"), operation=f"read assignment {id_}")
        if record is None:
            return None
        live = self._live(record, state.get("businessUnit"), client)
        if _same_id(live["extensionId"], state.get("extensionId")):
            live["extensionId"] = state.get("extensionId")
        return live

    def update_resource(
        self, id_: str, state: Mapping[str, Any], model: ExtensionAssignmentInputs
    ) -> dict[str, Any]:
        client = self.tooling()
        unit = business_units.resolve(client, model.business_unit)
        if not _same_id(state.get("businessUnitId"), unit.id):
            client.update(ASSIGNMENT, id_, {"ParentId": unit.id},
                          operation=f"reassign extension {model.extension_id} to {unit.name}")
        return {"extensionId": model.extension_id, "businessUnit": model.business_unit,
                "businessUnitId": unit.id, "businessUnitName": unit.name}

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        try:
            self.tooling().delete(ASSIGNMENT, check_id(id_, "id"), operation=f"delete assignment {id_}")
        except NotFoundError:
            return
