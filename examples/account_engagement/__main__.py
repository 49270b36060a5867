"""The Salesforce guide's webinar example, declaratively: extension, `registered` type, HappyHomeTX.

Steps of the guide (reference §3.1): create the extension, add an activity type, find the business
unit, assign the extension to it. Activation is its own reviewed stage: flip
`pulumi config set accountEngagement:activate true` in its own change; the `up` that creates the
schema never activates it, and the activation applies on the `up` after it has been reviewed.

Connection: stack config `salesforce:*` / `accountEngagement:baseUrl` for a real org, or
`activity-schemas:sandboxEndpoints` naming the sandbox's endpoints.json.
"""

import pulumi

from providers.salesforce.resources import Activation, ActivityType, Extension, ExtensionAssignment

config = pulumi.Config("accountEngagement")
activate = config.get_bool("activate") or False
business_unit = config.get("businessUnit") or "HappyHomeTX"

webinar = Extension(
    "webinar-service",
    developer_name="Webinar_Service",
    master_label="Webinar Service",
    description="Webinar integration",
)
registered = ActivityType(
    "registered",
    extension_id=webinar.id,
    developer_name="registered",
    master_label="Registered",
    description="Prospect registered for a webinar",
)
assignment = ExtensionAssignment("webinar-happyhometx", extension_id=webinar.id, business_unit=business_unit)
activation = Activation(
    "webinar-activation",
    extension_id=webinar.id,
    activity_type_ids=[registered.id],
    assignment_id=assignment.id,
    active=activate,
)

pulumi.export("extension", webinar.developerName)  # type: ignore[attr-defined]
pulumi.export("activityType", registered.developerName)  # type: ignore[attr-defined]
pulumi.export("businessUnitId", assignment.businessUnitId)  # type: ignore[attr-defined]
pulumi.export("businessUnitName", assignment.businessUnitName)  # type: ignore[attr-defined]
pulumi.export("active", activation.active)  # type: ignore[attr-defined]
