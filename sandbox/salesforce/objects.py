"""The four Tooling API objects as account-engagement.md §2 describes them: fields, flags, verbs.

Why a table: create/update rules, describe, SOQL field checks and the 405 verb lists all come
from one description, so they cannot disagree with each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = (
    "da", "de", "en_US", "es", "es_MX", "fi", "fr", "it", "ja", "ko", "nl_NL", "no", "pt_BR", "ru",
    "sv", "th", "zh_CN", "zh_TW",
)
MANAGEABLE_STATES = (
    "beta", "deleted", "deprecated", "deprecatedEditable", "installed", "installedEditable",
    "released", "unmanaged",
)
CREATION_STATUSES = (
    "Backfilled", "Created", "Creating", "Deleted", "Deleting", "Deprovisioned", "Deprovisioning",
    "Error", "Updated", "Updating",
)
TENANT_STATUS_CODES = (
    "InsufficientLicenseLimits", "InvalidRequest", "PardotAccountNotFound", "UnknownError",
    "UsernameCollision",
)

ORG_PREFIX = "00D"
USER_PREFIX = "005"
QUERY_LOCATOR_PREFIX = "01g"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str  # id, string, textarea, boolean, picklist, reference, datetime
    label: str
    length: int = 0
    createable: bool = False
    updateable: bool = False
    nillable: bool = True
    defaulted: bool = False
    required: bool = False  # required on create (REQUIRED_FIELD_MISSING)
    picklist: tuple[str, ...] = ()
    reference_to: tuple[str, ...] = ()
    relationship_name: str | None = None
    id_lookup: bool = False


@dataclass(frozen=True)
class ObjectSpec:
    name: str
    label: str
    key_prefix: str
    verbs: frozenset[str]  # the REST verbs the docs list (Query is a separate resource)
    fields: tuple[FieldSpec, ...]
    has_developer_name: bool = False
    by_lower: dict[str, FieldSpec] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_lower.update({f.name.lower(): f for f in self.fields})

    def field(self, name: str) -> FieldSpec | None:
        return self.by_lower.get(name.lower())


def _system() -> tuple[FieldSpec, ...]:
    return (
        FieldSpec("CreatedById", "reference", "Created By ID", 18, nillable=False,
                  reference_to=("User",), relationship_name="CreatedBy"),
        FieldSpec("CreatedDate", "datetime", "Created Date", nillable=False),
        FieldSpec("LastModifiedById", "reference", "Last Modified By ID", 18, nillable=False,
                  reference_to=("User",), relationship_name="LastModifiedBy"),
        FieldSpec("LastModifiedDate", "datetime", "Last Modified Date", nillable=False),
        FieldSpec("SystemModstamp", "datetime", "System Modstamp", nillable=False),
    )


_ID = FieldSpec("Id", "id", "Record ID", 18, nillable=False, id_lookup=True)
_LANGUAGE = FieldSpec("Language", "picklist", "Language", 40, nillable=False, defaulted=True,
                      picklist=LANGUAGES)
_MANAGEABLE = FieldSpec("ManageableState", "picklist", "Manageable State", 40, picklist=MANAGEABLE_STATES)
_NAMESPACE = FieldSpec("NamespacePrefix", "string", "Namespace Prefix", 15)

EXTENSION = ObjectSpec(
    name="MarketingAppExtension",
    label="Marketing App Extension",
    key_prefix="1Ex",
    verbs=frozenset({"GET", "PATCH", "POST"}),
    has_developer_name=True,
    fields=(
        _ID,
        # §2.1: no Create/Update flag is printed, but the guide creates these four via POST.
        FieldSpec("DeveloperName", "string", "API Name", 40, createable=True, nillable=False),
        FieldSpec("MasterLabel", "string", "Extension Name", 80, createable=True, updateable=True,
                  nillable=False, required=True, id_lookup=True),
        FieldSpec("Description", "textarea", "Description", 1000, createable=True, updateable=True),
        FieldSpec("IsActive", "boolean", "Active in Automations", createable=True, updateable=True,
                  nillable=False, defaulted=True),
        _LANGUAGE,
        _MANAGEABLE,
        _NAMESPACE,
        *_system(),
    ),
)

ACTIVITY = ObjectSpec(
    name="MarketingAppExtActivity",
    label="Marketing App Extension Activity",
    key_prefix="1Ea",
    verbs=frozenset({"GET", "HEAD", "PATCH", "POST"}),
    has_developer_name=True,
    fields=(
        _ID,
        FieldSpec("MarketingAppExtensionId", "reference", "Marketing App Extension ID", 18,
                  createable=True, nillable=False, required=True,
                  reference_to=("MarketingAppExtension",), relationship_name="MarketingAppExtension"),
        FieldSpec("DeveloperName", "string", "API Name", 40, createable=True, updateable=True,
                  nillable=False),
        FieldSpec("MasterLabel", "string", "Activity Name", 80, createable=True, updateable=True,
                  nillable=False, required=True),
        FieldSpec("Description", "textarea", "Description", 1000, createable=True, updateable=True),
        FieldSpec("IsActive", "boolean", "Active in Automations", createable=True, updateable=True,
                  nillable=False, defaulted=True),
        FieldSpec("EndpointUrl", "string", "Endpoint URL", 1000),
        _LANGUAGE,
        _MANAGEABLE,
        _NAMESPACE,
        *_system(),
    ),
)

ASSIGNMENT = ObjectSpec(
    name="MarketingAppExtAssignment",
    label="Marketing App Extension Assignment",
    key_prefix="1Es",
    verbs=frozenset({"DELETE", "GET", "HEAD", "PATCH", "POST"}),
    fields=(
        _ID,
        FieldSpec("MarketingAppExtensionId", "reference", "Marketing App Extension ID", 18,
                  createable=True, updateable=True, nillable=False, required=True,
                  reference_to=("MarketingAppExtension",), relationship_name="MarketingAppExtension"),
        FieldSpec("ParentId", "reference", "Parent ID", 18, createable=True, updateable=True,
                  nillable=False, required=True, reference_to=("PardotTenant",),
                  relationship_name="Parent"),
        *_system(),
    ),
)

TENANT = ObjectSpec(
    name="PardotTenant",
    label="Account Engagement Business Unit",
    key_prefix="0Uv",
    verbs=frozenset({"GET", "HEAD", "PATCH", "POST"}),
    fields=(
        _ID,
        FieldSpec("PardotTenantName", "string", "Business Unit Name", 80, createable=True,
                  updateable=True, nillable=False, required=True),
        FieldSpec("MasterLabel", "string", "Master Label", 80, createable=True, updateable=True,
                  nillable=False),
        FieldSpec("DeveloperName", "string", "Developer Name", 80, createable=True, updateable=True,
                  nillable=False),
        FieldSpec("CreationStatus", "picklist", "Creation Status", 40, createable=True,
                  updateable=True, nillable=False, defaulted=True, picklist=CREATION_STATUSES),
        FieldSpec("PardotTenantId", "string", "Business Unit ID", 18),
        FieldSpec("PardotTenantStatusCode", "picklist", "Status Code", 40, picklist=TENANT_STATUS_CODES),
        FieldSpec("InitialPardotAdminId", "reference", "Initial Admin ID", 18, createable=True,
                  required=True, reference_to=("User",), relationship_name="InitialPardotAdmin"),
        FieldSpec("Language", "picklist", "Language", 40, createable=True, updateable=True,
                  defaulted=True, picklist=LANGUAGES),
        *_system(),
    ),
)

OBJECTS: dict[str, ObjectSpec] = {o.name: o for o in (EXTENSION, ACTIVITY, ASSIGNMENT, TENANT)}
BY_LOWER: dict[str, ObjectSpec] = {name.lower(): o for name, o in OBJECTS.items()}
BY_PREFIX: dict[str, ObjectSpec] = {o.key_prefix: o for o in OBJECTS.values()}


def lookup(name: str) -> ObjectSpec | None:
    """Object names in URLs and SOQL are case-insensitive."""
    return BY_LOWER.get(name.lower())
