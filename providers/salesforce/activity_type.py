"""Provider of ``MarketingAppExtActivity``: an activity type of one extension.

``MarketingAppExtensionId`` is create-only (reference §2.2), so moving a type to another extension
is a replacement; DeveloperName, labels and description change in place. Create sends
``IsActive=false``; a delete retires the type (deactivated, renamed out of the way, marked), and a
later create under the same extension takes it back.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from pulumi.dynamic import CheckResult

from providers.core.errors import ConflictError, TransportError
from providers.salesforce.base import SalesforceProvider, changed_fields, mismatches, notice
from providers.salesforce.fresh import is_fresh
from providers.salesforce.models import ActivityTypeInputs
from providers.salesforce.retire import (
    live_description,
    parse_marker,
    retired_description,
    retired_developer_name,
    try_delete,
)
from providers.salesforce.tooling import ACTIVITY_TYPE, EXTENSION, ToolingClient, check_id, soql

FIELDS = "Id, DeveloperName, MasterLabel, Description, IsActive, MarketingAppExtensionId"


def types_of_extension(client: ToolingClient, extension_id: str) -> list[dict[str, Any]]:
    return client.query(
        soql(FIELDS, ACTIVITY_TYPE, MarketingAppExtensionId=extension_id),
        operation=f"list activity types of extension {extension_id}",
    )


def activity_type_live(record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "extensionId": record.get("MarketingAppExtensionId"),
        "developerName": record.get("DeveloperName"),
        "masterLabel": record.get("MasterLabel"),
        "description": live_description(dict(record)),
        "isActive": bool(record.get("IsActive")),
    }


def _same_extension(a: Any, b: str) -> bool:
    return isinstance(a, str) and a[:15] == b[:15]


_existing_extensions: set[str] = set()  # checked in this provider process (15-character ids)
_existing_lock = threading.Lock()


class ActivityTypeProvider(SalesforceProvider[ActivityTypeInputs]):
    inputs_model = ActivityTypeInputs
    resource_label = "Account Engagement activity type"
    replace_on = ("extensionId",)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """The model's rules, then a new ``extensionId`` must name a live, not retired, extension:
        one read per extension and process, none for an extension this process created (``fresh``)
        or an id unchanged since the last run (in either id form)."""
        def problem(ext: str) -> str | None:
            if _same_extension(_olds.get("extensionId"), ext) or is_fresh(ext):
                return None
            with _existing_lock:
                if ext[:15] in _existing_extensions:
                    return None
            record = self.tooling().get(EXTENSION, check_id(ext, "extensionId"), operation=f"read extension {ext}")
            if record is None:
                return f"no extension with id {ext} exists in this org"
            if parse_marker(live_description(record)) is not None:
                return f"extension {ext} was retired by activity-schemas (a delete); declare it again to take it back"
            with _existing_lock:
                _existing_extensions.add(ext[:15])
            return None

        return self.check_reference(super().check(_olds, news), _olds, news, "extensionId", problem)

    @staticmethod
    def _wanted(model: ActivityTypeInputs) -> dict[str, Any]:
        return {"developerName": model.developer_name, "masterLabel": model.master_label,
                "description": model.description}

    def create_resource(self, model: ActivityTypeInputs) -> tuple[str, dict[str, Any]]:
        client = self.tooling()
        name, ext = model.developer_name, model.extension_id
        siblings = [] if is_fresh(ext) else types_of_extension(client, ext)
        same = [r for r in siblings if str(r.get("DeveloperName", "")).lower() == name.lower()]
        if same:
            return str(same[0]["Id"]), self._adopt(same[0], model)
        retired = [r for r in siblings if (m := parse_marker(live_description(r))) and m[0].lower() == name.lower()]
        if retired:
            return str(retired[0]["Id"]), self._take_back(client, retired[0], model)
        fields = {"MarketingAppExtensionId": ext, "DeveloperName": name, "MasterLabel": model.master_label,
                  "Description": model.description, "IsActive": False}
        try:
            id_ = client.create(ACTIVITY_TYPE, fields, operation=f"create activity type {name}")
        except (TransportError, ConflictError) as error:
            if isinstance(error, TransportError) and not error.ambiguous:
                raise
            found = [r for r in types_of_extension(client, ext)
                     if str(r.get("DeveloperName", "")).lower() == name.lower()]
            if found and not found[0].get("IsActive") and not mismatches(activity_type_live(found[0]),
                                                                        self._wanted(model)):
                return str(found[0]["Id"]), activity_type_live(found[0])  # our own lost create
            if isinstance(error, ConflictError):
                raise ConflictError(
                    "salesforce", f"activity type DeveloperName {name} is already used in this org by another "
                    "extension's activity type (names are unique org-wide); choose another developerName",
                    code=error.code, status=error.status, operation=f"create activity type {name}") from None
            raise
        return id_, {"extensionId": ext, "developerName": name, "masterLabel": model.master_label,
                     "description": model.description, "isActive": False}

    def _adopt(self, record: dict[str, Any], model: ActivityTypeInputs) -> dict[str, Any]:
        id_, name = str(record["Id"]), model.developer_name
        if not model.adopt:
            raise ConflictError(
                "salesforce", f"activity type {record.get('DeveloperName')} already exists under extension "
                f"{model.extension_id} ({id_}); set adopt: true to manage it (it must match the declared "
                "labels), or choose another developerName", code="ALREADY_EXISTS",
                operation=f"create activity type {name}")
        live = activity_type_live(record)
        differing = mismatches(live, self._wanted(model))
        if differing:
            detail = "; ".join(f"{f}: live {live.get(f)!r}, declared {self._wanted(model)[f]!r}" for f in differing)
            raise ConflictError(
                "salesforce", f"adopt: the existing activity type {id_} does not match the declaration "
                f"({detail}); nothing was changed", code="ADOPT_MISMATCH", operation=f"adopt activity type {name}")
        notice(f"Account Engagement activity type {name} ({id_}): adopted the existing object")
        return live

    def _take_back(self, client: ToolingClient, record: dict[str, Any], model: ActivityTypeInputs) -> dict[str, Any]:
        id_, name = str(record["Id"]), model.developer_name
        fields: dict[str, Any] = {"DeveloperName": name, "MasterLabel": model.master_label,
                                  "Description": model.description}
        if record.get("IsActive"):
            fields["IsActive"] = False
        client.update(ACTIVITY_TYPE, id_, fields, operation=f"take back retired activity type {name}")
        notice(f"Account Engagement activity type {name} ({id_}): took back the object a previous delete "
               "retired, instead of creating a duplicate")
        return {"extensionId": record.get("MarketingAppExtensionId"), "developerName": name,
                "masterLabel": model.master_label, "description": model.description, "isActive": False}

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        record = self.tooling().get(ACTIVITY_TYPE, check_id(id_, "id"), operation=f"read activity type {id_}")
        if record is None:
            return None
        live = activity_type_live(record)
        if _same_extension(live["extensionId"], str(state.get("extensionId", ""))):
            live["extensionId"] = state.get("extensionId")  # keep the id form the program uses
        return live

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ActivityTypeInputs) -> dict[str, Any]:
        fields = changed_fields(state, {"developerName": ("DeveloperName", model.developer_name),
                                        "masterLabel": ("MasterLabel", model.master_label),
                                        "description": ("Description", model.description)})
        if fields:
            self.tooling().update(ACTIVITY_TYPE, id_, fields, operation=f"update activity type {model.developer_name}")
        return {"extensionId": model.extension_id, "developerName": model.developer_name,
                "masterLabel": model.master_label, "description": model.description,
                "isActive": bool(state.get("isActive"))}

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        client = self.tooling()
        record = client.get(ACTIVITY_TYPE, check_id(id_, "id"), operation=f"read activity type {id_}")
        if record is None:
            return
        name = str(record.get("DeveloperName"))
        if try_delete(client, ACTIVITY_TYPE, id_, f"activity type {name}"):
            notice(f"Account Engagement activity type {name} ({id_}): deleted")
            return
        if parse_marker(live_description(record)) is not None:
            return  # already retired
        fields = {"IsActive": False, "DeveloperName": retired_developer_name(name, id_),
                  "Description": retired_description(name, live_description(record))}
        client.update(ACTIVITY_TYPE, id_, fields, operation=f"retire activity type {name}")
        notice(f"Account Engagement activity type {name} ({id_}) is retired, not gone: the Tooling API has no "
               f"DELETE for activity types, so it was deactivated and renamed {fields['DeveloperName']}. "
               "Creating it again under the same extension takes it back.")
