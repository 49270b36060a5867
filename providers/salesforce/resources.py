"""The Pulumi resource classes of Account Engagement external activity (stable type tokens).

Type tokens are ``pulumi-python:dynamic/accountengagement:<Name>``; renaming them would replace
every resource. Inputs and outputs are camelCase (output attributes carry the property names).
Credentials never pass through here: the providers read them in ``configure`` from stack
config, the environment or the sandbox's endpoints.json.
"""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.dynamic import Resource

from providers.salesforce.activation import ActivationProvider
from providers.salesforce.activity_type import ActivityTypeProvider
from providers.salesforce.assignment import ExtensionAssignmentProvider
from providers.salesforce.business_unit import BusinessUnitProvider
from providers.salesforce.extension import ExtensionProvider


def _props(values: dict[str, Any], outputs: tuple[str, ...]) -> dict[str, Any]:
    props = {k: v for k, v in values.items() if v is not None}
    props.update({name: None for name in outputs if name not in props})
    return props


class Extension(Resource, module="accountengagement", name="Extension"):
    """``MarketingAppExtension``; created inactive (activation: :class:`Activation`)."""

    developerName: pulumi.Output[str]
    masterLabel: pulumi.Output[str]
    isActive: pulumi.Output[bool]

    def __init__(self, name: str, *, developer_name: pulumi.Input[str], master_label: pulumi.Input[str],
                 description: pulumi.Input[str] | None = None, adopt: bool = False,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        props = _props({"developerName": developer_name, "masterLabel": master_label,
                        "description": description, "adopt": adopt or None},
                       ("isActive", "namespacePrefix"))
        super().__init__(ExtensionProvider(), name, props, opts)


class ActivityType(Resource, module="accountengagement", name="ActivityType"):
    """``MarketingAppExtActivity`` of the extension ``extension_id``; created inactive."""

    developerName: pulumi.Output[str]
    isActive: pulumi.Output[bool]

    def __init__(self, name: str, *, extension_id: pulumi.Input[str], developer_name: pulumi.Input[str],
                 master_label: pulumi.Input[str], description: pulumi.Input[str] | None = None,
                 adopt: bool = False, opts: pulumi.ResourceOptions | None = None) -> None:
        props = _props({"extensionId": extension_id, "developerName": developer_name, "masterLabel": master_label,
                        "description": description, "adopt": adopt or None}, ("isActive",))
        super().__init__(ActivityTypeProvider(), name, props, opts)


class ExtensionAssignment(Resource, module="accountengagement", name="ExtensionAssignment"):
    """``MarketingAppExtAssignment``: the extension assigned to a business unit (name or 0Uv id)."""

    businessUnitId: pulumi.Output[str]
    businessUnitName: pulumi.Output[str]

    def __init__(self, name: str, *, extension_id: pulumi.Input[str], business_unit: pulumi.Input[str],
                 adopt: bool = False, opts: pulumi.ResourceOptions | None = None) -> None:
        props = _props({"extensionId": extension_id, "businessUnit": business_unit, "adopt": adopt or None},
                       ("businessUnitId", "businessUnitName"))
        super().__init__(ExtensionAssignmentProvider(), name, props, opts)


class Activation(Resource, module="accountengagement", name="Activation"):
    """The activation stage: ``active`` switches the extension and its types together.

    Never activates on the ``up`` that creates it; ``active`` (output) is the live state.
    """

    active: pulumi.Output[bool]
    extensionActive: pulumi.Output[bool]
    activityTypesActive: pulumi.Output[dict[str, bool]]

    def __init__(self, name: str, *, extension_id: pulumi.Input[str],
                 activity_type_ids: pulumi.Input[list[pulumi.Input[str]]], assignment_id: pulumi.Input[str],
                 active: pulumi.Input[bool] = False, opts: pulumi.ResourceOptions | None = None) -> None:
        props = _props({"extensionId": extension_id, "activityTypeIds": activity_type_ids,
                        "assignmentId": assignment_id, "active": active},
                       ("extensionActive", "activityTypesActive", "pendingActivation"))
        super().__init__(ActivationProvider(), name, props, opts)


class BusinessUnit(Resource, module="accountengagement", name="BusinessUnit"):
    """A lookup of a business unit by name or id; creates and deletes nothing."""

    businessUnitId: pulumi.Output[str]
    businessUnitName: pulumi.Output[str]

    def __init__(self, name: str, *, business_unit: pulumi.Input[str],
                 opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(BusinessUnitProvider(), name,
                         _props({"businessUnit": business_unit}, ("businessUnitId", "businessUnitName")), opts)
