"""Custom activity types: the draft / approved / approved-with-draft lifecycle (reference 3.x).

Why two versions per type: Marketo keeps the live (approved) definition and one pending draft;
every edit goes to the draft, ``approve`` promotes it, ``discardDraft`` throws it away. The API
``status`` is derived from which of the two exist, so it can never disagree with the content.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from sandbox.context import SandboxContext
from sandbox.marketo import validation as v
from sandbox.marketo.envelope import MarketoError
from sandbox.marketo.settings import DEFAULTS

TYPE = "customType"
FROZEN_FIELDS = ("name", "description", "triggerName", "filterName", "primaryAttribute")

Doc = dict[str, Any]


def status(doc: Doc) -> str:
    if doc.get("live") and doc.get("draft"):
        return "approved with draft"
    if doc.get("live"):
        return "approved"
    return "draft"


def in_use(doc: Doc) -> bool:
    return bool(doc.get("activityCount", 0)) or bool(doc.get("inUse"))


def iso(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _merge(target: Doc, fields: Doc) -> None:
    """Apply an attribute update: a field given as None (sent as "" or null) is cleared."""
    for key, value in fields.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def _attribute_view(attr: Doc) -> Doc:
    return {k: attr[k] for k in ("apiName", "name", "description", "dataType") if k in attr}


class CustomTypes:
    """Every operation runs in one store transaction and fails as a whole (no partial edits)."""

    def __init__(self, ctx: SandboxContext, vendor: str) -> None:
        self.ctx = ctx
        self.vendor = vendor

    # -- helpers -----------------------------------------------------------------------------
    def setting(self, name: str) -> Any:
        return self.ctx.setting(self.vendor, name, DEFAULTS[name])

    @property
    def kind(self) -> str:
        return f"{self.vendor}/{TYPE}"

    def all(self) -> list[Doc]:
        return self.ctx.store.all(self.kind)

    def get(self, api_name: str) -> Doc:
        doc = self.ctx.store.get(self.kind, api_name)
        if doc is None:
            raise MarketoError(str(self.setting("not_found_code")),
                               f"No custom activity type found with apiName '{api_name}'")
        return doc

    def by_id(self, type_id: int) -> Doc | None:
        for doc in self.all():
            if doc["id"] == type_id:
                return doc
        return None

    def save(self, doc: Doc) -> None:
        doc["updatedAt"] = iso(self.ctx.clock.now())
        self.ctx.store.put(self.kind, doc["apiName"], doc)

    def view(self, doc: Doc, version: Doc | None, *, detail: bool = True, state: str | None = None) -> Doc:
        """A ``CustomActivityType`` as the API answers it (attributes omitted when empty, as in Adobe's
        examples, unless the ``empty_attributes`` switch says ``list``)."""
        version = version or doc.get("live") or doc.get("draft") or {}
        out: Doc = {"id": doc["id"], "apiName": doc["apiName"], "name": version.get("name")}
        if version.get("description") is not None:
            out["description"] = version["description"]
        out.update({
            "triggerName": version.get("triggerName"),
            "filterName": version.get("filterName"),
            "createdAt": doc["createdAt"],
            "updatedAt": doc["updatedAt"],
            "status": state or status(doc),
        })
        if detail:
            if version.get("primaryAttribute"):
                out["primaryAttribute"] = _attribute_view(version["primaryAttribute"])
            attrs = [_attribute_view(a) for a in version.get("attributes", [])]
            if attrs or self.setting("empty_attributes") == "list":
                out["attributes"] = attrs
        return out

    def working_draft(self, doc: Doc) -> Doc:
        """The draft to edit: the pending one, or a fresh copy of the live version."""
        if doc.get("draft"):
            return copy.deepcopy(doc["draft"])
        return copy.deepcopy(doc["live"])

    def frozen(self, doc: Doc) -> bool:
        """Reference 3.9: once approved *and in use*, the type's own fields cannot change."""
        if not doc.get("live"):
            return False
        return self.setting("freeze_when") == "approved" or in_use(doc)

    def _check_frozen(self, doc: Doc, draft: Doc) -> None:
        if not self.frozen(doc):
            return
        live = doc["live"]
        for field in FROZEN_FIELDS:
            before = live.get(field)
            after = draft.get(field)
            if field == "primaryAttribute" and before and after:
                before = {k: before.get(k) for k in ("apiName", "name", "description", "dataType")}
                after = {k: after.get(k) for k in ("apiName", "name", "description", "dataType")}
            if before != after:
                raise MarketoError("709", f"Business Rule Violation: '{field}' of activity type "
                                          f"'{doc['apiName']}' cannot be changed once it is approved and in use")

    def _check_unique(self, api_name: str, version: Doc) -> None:
        """Trigger and filter names are unique across every type (any version), case-insensitively."""
        code = str(self.setting("duplicate_code"))
        for other in self.all():
            if other["apiName"] == api_name:
                continue
            for other_version in (other.get("live"), other.get("draft")):
                if not other_version:
                    continue
                for field in ("triggerName", "filterName"):
                    mine = version.get(field)
                    if mine and str(other_version.get(field, "")).lower() == mine.lower():
                        raise MarketoError(code, f"Business Rule Violation: {field} '{mine}' is already "
                                                 f"used by activity type '{other['apiName']}'")

    # -- reads ------------------------------------------------------------------------------
    def list(self) -> list[Doc]:
        return [self.view(doc, None, detail=False) for doc in self.all()]

    def describe(self, api_name: str, draft: bool) -> Doc:
        doc = self.get(api_name)
        if draft:
            return self.view(doc, doc.get("draft") or doc.get("live"))
        if doc.get("live"):
            return self.view(doc, doc["live"])
        if self.setting("describe_unapproved") == "error":
            raise MarketoError(str(self.setting("not_found_code")),
                               f"Activity type '{api_name}' has no approved version; use draft=true")
        return self.view(doc, doc["draft"])

    # -- type edits ---------------------------------------------------------------------------
    def create(self, body: Doc, *, origin: str = "api") -> Doc:
        policy = str(self.setting("unknown_fields"))
        v.check_unknown(body, v.TYPE_FIELDS, "the request body", policy)
        api_name = v.api_name(str(v.text(body, "apiName", required=True)), "apiName")
        version = self._type_fields(body, required=True, policy=policy)
        with self.ctx.store.transaction():
            code = str(self.setting("duplicate_code"))
            for other in self.all():
                if other["apiName"].lower() == api_name.lower():
                    raise MarketoError(code, f"Business Rule Violation: activity type with apiName "
                                             f"'{other['apiName']}' already exists")
            if len(self.all()) >= int(self.setting("max_types")):
                raise MarketoError("1027", f"Max activity type limit reached: at most "
                                           f"{self.setting('max_types')} custom activity types")
            self._check_unique(api_name, version)
            version["attributes"] = []
            now = iso(self.ctx.clock.now())
            number = self.ctx.store.next_counter(f"{self.vendor}/typeId")
            doc: Doc = {
                "id": int(self.setting("first_type_id")) + number - 1,
                "apiName": api_name, "createdAt": now, "updatedAt": now,
                "live": None, "draft": version, "activityCount": 0, "inUse": False, "origin": origin,
            }
            self.ctx.store.insert(self.kind, api_name, doc)
        return self.view(doc, version)

    def _type_fields(self, body: Doc, *, required: bool, policy: str) -> Doc:
        """The type's own fields; on update only those present, and a present one may not be blank."""
        version: Doc = {}
        for field in ("name", "triggerName", "filterName"):
            value = v.text(body, field, required=required or field in body)
            if value is not None:
                version[field] = v.display_name(value, field) if field == "name" else value
        if "description" in body:
            version["description"] = v.text(body, "description", required=False)
        if required or "primaryAttribute" in body:
            if body.get("primaryAttribute") is None:
                raise MarketoError("701", "primaryAttribute cannot be blank")
            if required:
                # Adobe's create example omits the primary's dataType and answers "string".
                primary = v.attribute(body["primaryAttribute"], "primaryAttribute", policy,
                                      need_type=False, default_type="string")
            else:
                primary = v.partial_attribute(body["primaryAttribute"], "primaryAttribute", policy)
            primary.pop("isPrimary", None)
            version["primaryAttribute"] = primary
        return version

    def update(self, api_name: str, body: Doc) -> Doc:
        policy = str(self.setting("unknown_fields"))
        v.check_unknown(body, v.TYPE_FIELDS, "the request body", policy)
        if body.get("apiName") not in (None, api_name):
            raise MarketoError("709", f"Business Rule Violation: the apiName of activity type '{api_name}' "
                                      "cannot be changed (delete it and create a new one)")
        changes = self._type_fields(body, required=False, policy=policy)
        with self.ctx.store.transaction():
            doc = self.get(api_name)
            draft = self.working_draft(doc)
            if "primaryAttribute" in changes:
                new = changes.pop("primaryAttribute")
                old = draft.get("primaryAttribute") or {}
                if new["apiName"] != old.get("apiName") and any(
                    a["apiName"].lower() == new["apiName"].lower() for a in draft["attributes"]
                ):
                    raise MarketoError(str(self.setting("duplicate_code")),
                                       f"Business Rule Violation: attribute '{new['apiName']}' already exists")
                if new["apiName"] == old.get("apiName"):
                    merged = dict(old)
                else:  # a new primary attribute: a full definition is needed
                    v.api_name(new["apiName"], "primaryAttribute.apiName")
                    if not new.get("name"):
                        raise MarketoError("701", "primaryAttribute.name cannot be blank")
                    merged = {}
                _merge(merged, new)
                merged.setdefault("dataType", "string")
                draft["primaryAttribute"] = merged
            draft.update(changes)
            self._check_frozen(doc, draft)
            self._check_unique(api_name, draft)
            doc["draft"] = draft
            self.save(doc)
        return self.view(doc, draft)

    # -- lifecycle ---------------------------------------------------------------------------
    def approve(self, api_name: str) -> Doc:
        with self.ctx.store.transaction():
            doc = self.get(api_name)
            draft = doc.get("draft")
            if not draft:
                raise MarketoError("709", f"Business Rule Violation: activity type '{api_name}' has no draft "
                                          "to approve")
            if not draft.get("primaryAttribute"):
                raise MarketoError("709", f"Business Rule Violation: activity type '{api_name}' needs a "
                                          "primary attribute before it can be approved")
            self._check_frozen(doc, draft)
            doc["live"] = draft
            doc["draft"] = None
            self.save(doc)
        return self.view(doc, doc["live"])

    def discard(self, api_name: str) -> Doc:
        with self.ctx.store.transaction():
            doc = self.get(api_name)
            if not doc.get("draft"):
                raise MarketoError("709", f"Business Rule Violation: activity type '{api_name}' has no draft "
                                          "to discard")
            if not doc.get("live"):
                if self.setting("discard_unapproved") != "delete":
                    raise MarketoError("709", f"Business Rule Violation: activity type '{api_name}' has never "
                                              "been approved; delete it instead of discarding its draft")
                self.ctx.store.delete(self.kind, api_name)
                return self.view(doc, doc["draft"], state="deleted")
            doc["draft"] = None
            self.save(doc)
        return self.view(doc, doc["live"])

    def delete(self, api_name: str, *, force: bool = False) -> Doc:
        with self.ctx.store.transaction():
            doc = self.get(api_name)
            if in_use(doc) and not force:
                raise MarketoError("1022", f"Object in use: activity type '{api_name}' has activities or is "
                                           "used by triggers or filters and cannot be deleted")
            self.ctx.store.delete(self.kind, api_name)
        return self.view(doc, None, state="deleted")

    # -- attribute edits ---------------------------------------------------------------------
    def _edit_attributes(self, api_name: str, apply: Any) -> Doc:
        with self.ctx.store.transaction():
            doc = self.get(api_name)
            draft = self.working_draft(doc)
            apply(draft)
            if len(draft["attributes"]) > int(self.setting("max_attributes")):
                raise MarketoError("1028", f"Max field limit reached: at most {self.setting('max_attributes')} "
                                           "secondary attributes per activity type")
            self._check_frozen(doc, draft)
            doc["draft"] = draft
            self.save(doc)
        return self.view(doc, draft)

    def create_attributes(self, api_name: str, body: Doc) -> Doc:
        policy = str(self.setting("unknown_fields"))
        items = [
            v.attribute(item, f"attributes[{i}]", policy, need_type=True, default_type=None)
            for i, item in enumerate(v.attribute_list(body, policy))
        ]
        if sum(1 for a in items if a.get("isPrimary")) > 1:
            raise MarketoError("1003", "Invalid data: only one attribute may be primary")

        def apply(draft: Doc) -> None:
            for attr in items:
                taken = [a["apiName"].lower() for a in draft["attributes"]]
                if draft.get("primaryAttribute"):
                    taken.append(draft["primaryAttribute"]["apiName"].lower())
                if attr["apiName"].lower() in taken:
                    raise MarketoError(str(self.setting("duplicate_code")),
                                       f"Business Rule Violation: attribute '{attr['apiName']}' already exists")
                if attr.pop("isPrimary", False):
                    self._make_primary(draft, attr)
                else:
                    draft["attributes"].append(attr)

        return self._edit_attributes(api_name, apply)

    @staticmethod
    def _make_primary(draft: Doc, attr: Doc) -> None:
        if draft.get("primaryAttribute"):
            raise MarketoError("709", "Business Rule Violation: the type already has a primary attribute "
                                      f"'{draft['primaryAttribute']['apiName']}'; set its isPrimary to false first")
        draft["primaryAttribute"] = attr

    def update_attributes(self, api_name: str, body: Doc) -> Doc:
        policy = str(self.setting("unknown_fields"))
        items = [v.partial_attribute(item, f"attributes[{i}]", policy)
                 for i, item in enumerate(v.attribute_list(body, policy))]
        if sum(1 for a in items if a.get("isPrimary")) > 1:
            raise MarketoError("1003", "Invalid data: only one attribute may be primary")

        def apply(draft: Doc) -> None:
            # Demotions first, so that "demote the current primary, promote another" works in one call.
            for attr in sorted(items, key=lambda a: a.get("isPrimary") is not False):
                fields = {k: val for k, val in attr.items() if k in ("name", "description", "dataType")}
                primary = draft.get("primaryAttribute")
                if primary and primary["apiName"] == attr["apiName"]:
                    _merge(primary, fields)
                    if attr.get("isPrimary") is False:
                        draft["attributes"].append(primary)
                        draft["primaryAttribute"] = None
                    continue
                match = next((a for a in draft["attributes"] if a["apiName"] == attr["apiName"]), None)
                if match is None:
                    raise MarketoError("1006", f"Field '{attr['apiName']}' not found")
                _merge(match, fields)
                if attr.get("isPrimary"):
                    draft["attributes"].remove(match)
                    self._make_primary(draft, match)

        return self._edit_attributes(api_name, apply)

    def delete_attributes(self, api_name: str, body: Doc) -> Doc:
        policy = str(self.setting("unknown_fields"))
        names: list[str] = []
        for i, item in enumerate(v.attribute_list(body, policy)):
            item = v.require_object(item, f"attributes[{i}]")
            v.check_unknown(item, ("apiName",), f"attributes[{i}]", policy)
            names.append(str(v.text(item, "apiName", required=True, where=f"attributes[{i}]")))

        def apply(draft: Doc) -> None:
            for name in names:
                primary = draft.get("primaryAttribute")
                if primary and primary["apiName"] == name:
                    raise MarketoError("709", f"Business Rule Violation: '{name}' is the primary attribute and "
                                              "cannot be deleted")
                match = next((a for a in draft["attributes"] if a["apiName"] == name), None)
                if match is None:
                    raise MarketoError("1006", f"Field '{name}' not found")
                draft["attributes"].remove(match)

        return self._edit_attributes(api_name, apply)
