"""A business-unit lookup as a resource: resolves a name or id to the ``0Uv`` id, creates nothing.

Dynamic providers cannot offer data sources, so the lookup is a resource whose create and read
only query ``PardotTenant`` and whose delete does nothing. Its ``businessUnitId`` output feeds
submitters (the ``Pardot-Business-Unit-Id`` header).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import CheckResult

from providers.salesforce import business_units
from providers.salesforce.base import SalesforceProvider
from providers.salesforce.models import BusinessUnitInputs


class BusinessUnitProvider(SalesforceProvider[BusinessUnitInputs]):
    inputs_model = BusinessUnitInputs
    resource_label = "Account Engagement business unit"
    replace_on = ("businessUnit",)
    local_fields: ClassVar[tuple[str, ...]] = ()
    delete_before_replace = False  # nothing is created: no name can collide

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return self.check_business_unit(super().check(_olds, news), _olds, news)

    def create_resource(self, model: BusinessUnitInputs) -> tuple[str, dict[str, Any]]:
        unit = business_units.resolve(self.tooling(), model.business_unit)
        return unit.id, {"businessUnitId": unit.id, "businessUnitName": unit.name}

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        units = business_units.list_business_units(self.tooling(), fresh=True)
        unit = next((u for u in units if u.id[:15] == id_[:15]), None)
        if unit is None:
            return None
        declared = str(state.get("businessUnit") or "")
        implied = declared if declared in (unit.name, unit.id) or declared[:15] == unit.id[:15] else unit.name
        return {"businessUnit": implied, "businessUnitId": unit.id, "businessUnitName": unit.name}

    def update_resource(self, id_: str, state: Mapping[str, Any], model: BusinessUnitInputs) -> dict[str, Any]:
        unit = business_units.resolve(self.tooling(), model.business_unit)
        return {"businessUnitId": unit.id, "businessUnitName": unit.name}

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        """A lookup owns nothing: removing it from the program leaves the business unit alone."""
