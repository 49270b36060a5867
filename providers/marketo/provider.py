"""The ``CustomActivityType`` dynamic resource: one Marketo custom activity type and its attributes.

Every ``pulumi up`` goes draft -> approve: create = create type + all attributes in one call +
approve; update = change the draft (batched, see ``plan``) + approve. A failing step discards
the draft (or deletes a type that was never approved) so that the live version is untouched,
and the error names the step. What approval freezes (name, description, trigger, filter,
primary attribute) is a replacement once the type has been approved.
"""

from __future__ import annotations

import dataclasses
import sys
import threading
from collections.abc import Mapping
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, DiffResult, Resource
from pulumi.runtime import rpc

from providers.core.diffing import field_changes, keyed
from providers.core.errors import (
    ActivitySchemasError,
    ApiError,
    ConfigurationError,
    TransportError,
    ValidationError,
)
from providers.core.provider import SchemaProvider, has_unknown
from providers.core.redact import redact
from providers.marketo import connection, names
from providers.marketo.client import MarketoClient
from providers.marketo.envelope import IN_USE_CODE, TYPE_LIMIT_CODE
from providers.marketo.models import (
    FROZEN_FIELDS,
    LOCAL_FIELDS,
    MAX_TYPES_PER_INSTANCE,
    CustomActivityTypeInputs,
)
from providers.marketo.plan import LiveType, Step, frozen_changes, parse_type, plan_update

_create_lock = threading.Lock()  # creates in this process take the 10-type budget one at a time


class StepFailed(ActivitySchemasError):
    """A step of the draft -> approve cycle failed; says which, why, and what was rolled back."""


class CustomActivityTypeProvider(SchemaProvider[CustomActivityTypeInputs]):
    inputs_model = CustomActivityTypeInputs
    resource_label = "Marketo custom activity type"
    replace_on = ("apiName",)
    keyed_lists = {"attributes": "apiName"}
    local_fields = LOCAL_FIELDS

    # -- connection and checks -------------------------------------------------------------------
    def configure_connection(self, config: Any) -> None:
        connection.configure(config)

    def validate(self, model: CustomActivityTypeInputs) -> list[ValidationError]:
        return names.claim(model.api_name, model.trigger_name, model.filter_name)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Adds the rules that need the old inputs: a new type must fit in the instance's 10 types
        (live types this stack does not declare count too), a replacement cannot be held for review."""
        result = super().check(olds, news)
        if not olds:
            return result if has_unknown(news) else _check_instance_limit(result)
        if result.failures or olds.get("approve") is False or rpc.UNKNOWN in repr(news):
            return result
        new = result.inputs or {}
        if new.get("approve") is not False:
            return result
        changed = [c.field for c in field_changes(self.inputs_view(olds), self.inputs_view(new),
                                                  fields=("apiName", *FROZEN_FIELDS))]
        if changed:
            # The type was approved by this stack; replacing it removes the live type first.
            result.failures.append(CheckFailure("approve", (
                f"a change to {', '.join(sorted(set(changed)))} replaces the approved type (the old one is "
                "removed first), which cannot be held as a draft for review: set approve: true to replace "
                "it, or restore the earlier settings")))
        return result

    def replacements(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
        """Frozen fields are replaced once a live version exists; a never-approved draft is editable."""
        if old.get("status") == "draft":
            return []
        changed = {c.field for c in field_changes(self.inputs_view(old), self.inputs_view(new),
                                                  fields=FROZEN_FIELDS)}
        return sorted(changed)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(_id, olds, news)
        approve = news.get("approve", True) is not False
        status = olds.get("status")
        if result.changes:
            _report_attribute_changes(olds, news)
            return result
        if approve and status in ("approved with draft", "draft"):
            # A pending draft (made in Marketo's UI, or left by an interrupted run) is drift:
            # the declared state is the approved version, so an update discards or approves it.
            return DiffResult(changes=True, replaces=[], delete_before_replace=None)
        return result

    # -- create ----------------------------------------------------------------------------------
    def create_resource(self, model: CustomActivityTypeInputs) -> tuple[str, dict[str, Any]]:
        client = connection.current_client()
        api = model.api_name
        with _create_lock:
            try:
                created = client.create_type(model.type_fields())
            except ApiError as error:
                return api, self._create_refused(client, model, error)
            except TransportError as error:
                created = _lost_create_answer(client, model, error)
        current = created
        step = "create attributes"
        try:
            if model.attributes:
                current = client.create_attributes(api, model.attribute_bodies())
            if model.approve:
                step = "approve"
                current = _approve(client, api)
        except ActivitySchemasError as error:
            cleanup = _delete_quietly(client, api)
            remains = "nothing of it remains in Marketo" if cleanup == "deleted" else "check Marketo"
            raise StepFailed(
                f"{api}: step '{step}' failed: {error}. The type had never been approved, so it was "
                f"{cleanup}; {remains}. Fix the cause and run `pulumi up` again"
            ) from None
        return api, _live(client, api, current, model, created)

    def _create_refused(self, client: MarketoClient, model: CustomActivityTypeInputs,
                        error: ApiError) -> dict[str, Any]:
        """Marketo refused the new type: adopt an existing one, or explain the refusal."""
        api = model.api_name
        existing = client.describe(api) or client.describe(api, draft=True)
        if existing is not None:
            found = parse_type(existing)
            if not model.approve and found.draft_pending:  # held for review: the draft is what is declared
                found = _draft_view(client, found)
            return self._adopt(client, model, found)
        if error.code == TYPE_LIMIT_CODE:
            live = sorted(str(t.get("apiName")) for t in client.list_types() if t.get("status") != "deleted")
            foreign = [t for t in live if t not in names.stack_types()]
            raise StepFailed(
                f"{api}: cannot create: the Marketo instance already holds {len(live)} custom activity types "
                f"(limit {MAX_TYPES_PER_INSTANCE}); not managed by this stack: {', '.join(foreign) or 'none'}. "
                "Delete unused types in Marketo (Admin > Marketo Custom Activities) or remove one from this "
                "stack. Nothing was created"
            ) from None
        raise StepFailed(f"{api}: step 'create type' failed: {error}. Nothing was created") from None

    def _adopt(self, client: MarketoClient, model: CustomActivityTypeInputs, found: LiveType) -> dict[str, Any]:
        api = model.api_name
        if not model.adopt:
            hint = (" A never-approved draft may be left by an interrupted `pulumi up`; adopting it finishes "
                    "that run." if found.status == "draft" else "")
            raise StepFailed(
                f"{api}: a custom activity type with this apiName already exists in Marketo (status "
                f"'{found.status}'). Set adopt: true to manage it with this stack (it must match the "
                f"declaration), or choose another apiName. Nothing was changed.{hint}"
            )
        wanted = self.dump(model)
        differences = [c.path for c in field_changes(found.inputs(), wanted, fields=self.input_fields(),
                                                     keyed_lists=self.keyed_lists)
                       if c.field not in LOCAL_FIELDS]
        if differences and not found.ever_approved:
            return self._complete_draft(client, model, found)
        if differences:
            raise StepFailed(
                f"{api}: adopt: the existing type does not match the declaration ({', '.join(differences)} "
                "differ). Make the program match Marketo (see `describe` in Marketo's UI), then adopt. "
                "Nothing was changed"
            )
        doc: dict[str, Any] = {}
        if not found.ever_approved and model.approve:
            doc = _step(client, api, "approve adopted draft", lambda: client.approve(api))
        return _live(client, api, doc, model, None, fallback=found)

    def _complete_draft(self, client: MarketoClient, model: CustomActivityTypeInputs,
                        found: LiveType) -> dict[str, Any]:
        """A never-approved draft (e.g. left by a run killed before its attributes) is made to match.

        Nothing depends on a type that was never approved (no activity, no trigger, no filter can
        use it), so editing its draft loses nothing; an approved type must match to be adopted.
        """
        api = model.api_name
        current: dict[str, Any] = {}
        label = "complete the adopted draft"
        try:
            for step in plan_update(found, model):
                label = step.label
                current = _run(client, api, step)
            if model.approve:
                label = "approve"
                current = _approve(client, api)
        except ActivitySchemasError as error:
            raise StepFailed(f"{api}: adopt: step '{label}' of completing the never-approved draft failed: "
                             f"{error}. The draft keeps the steps done so far; run `pulumi up` again") from None
        return _live(client, api, current, model, None, fallback=found)

    # -- read ------------------------------------------------------------------------------------
    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        client = connection.current_client()
        doc = client.describe(id_)
        if doc is None:
            doc = client.describe(id_, draft=True)
            if doc is None:
                return None
        found = parse_type(doc)
        if state.get("approve") is False and found.draft_pending:
            # Held for review: the stack manages the draft, so that is what a refresh compares.
            found = _draft_view(client, found)
        return _project(found, _order_of(state))

    # -- update ----------------------------------------------------------------------------------
    def update_resource(self, id_: str, state: Mapping[str, Any], model: CustomActivityTypeInputs) -> dict[str, Any]:
        client = connection.current_client()
        api = model.api_name
        doc = client.describe(api)
        if doc is None:  # never approved, and this instance does not describe drafts without draft=true
            doc = client.describe(api, draft=True)
        if doc is None:
            raise StepFailed(f"{api}: the type no longer exists in Marketo; run `pulumi refresh` and then "
                             "`pulumi up` to create it again")
        base = parse_type(doc)
        if base.ever_approved:
            frozen = frozen_changes(base, model)
            if frozen:
                raise StepFailed(
                    f"{api}: {', '.join(frozen)} cannot change once the type is approved (Marketo freezes "
                    "them); run `pulumi refresh` so that the preview shows this change as a replacement"
                )
            if base.draft_pending:
                discarded = _step(client, api, "discard the pending draft", lambda: client.discard_draft(api))
                base = _after_discard(client, api, base, discarded)
        steps = plan_update(base, model)
        current: dict[str, Any] = {}
        label = "change the draft"
        try:
            for step in steps:
                label = step.label
                current = _run(client, api, step)
            if model.approve and (steps or not base.ever_approved):
                label = "approve"
                current = _approve(client, api)
        except ActivitySchemasError as error:
            if base.ever_approved:
                cleanup = _discard_quietly(client, api)
                outcome = f"The draft was {cleanup}; the live (approved) version is unchanged"
            else:
                outcome = "The type was never approved, so the draft keeps the steps done so far"
            raise StepFailed(f"{api}: step '{label}' failed: {error}. {outcome}. Fix the cause and run "
                             "`pulumi up` again") from None
        return _live(client, api, current, model, None, fallback=base)

    # -- delete ----------------------------------------------------------------------------------
    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        client = connection.current_client()
        try:
            client.delete_type(id_)
        except ApiError as error:
            if error.code == IN_USE_CODE:
                raise StepFailed(
                    f"{id_}: Marketo refuses to delete the type because it is in use: it has activities or "
                    f"smart campaign triggers / smart list filters use it ({error.message}). To delete it, "
                    "remove it from those assets in Marketo and run again. If this delete is part of a "
                    "replacement (a change to name, description, triggerName, filterName or "
                    "primaryAttribute), put their previous values back in the program - they cannot change "
                    "while the type is in use - and declare a new type with another apiName for the new "
                    "schema. To stop managing the type without deleting it: `pulumi state delete <urn>`"
                ) from None
            if client.describe(id_) is None and client.describe(id_, draft=True) is None:
                return  # already gone
            raise


class CustomActivityType(Resource, module="marketo", name="CustomActivityType"):
    """A Marketo custom activity type; ``primary_attribute``/``attributes`` use Marketo's camelCase keys."""

    apiName: pulumi.Output[str]
    activityTypeId: pulumi.Output[int]
    status: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        api_name: pulumi.Input[str],
        name: pulumi.Input[str],
        trigger_name: pulumi.Input[str],
        filter_name: pulumi.Input[str],
        primary_attribute: pulumi.Input[Mapping[str, Any]],
        attributes: pulumi.Input[list[Mapping[str, Any]]] | None = None,
        description: pulumi.Input[str] | None = None,
        approve: bool = True,
        adopt: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        props: dict[str, Any] = {
            "apiName": api_name, "name": name, "description": description, "triggerName": trigger_name,
            "filterName": filter_name, "primaryAttribute": primary_attribute,
            "attributes": attributes if attributes is not None else [], "approve": approve, "adopt": adopt,
            "activityTypeId": None, "status": None,
        }
        super().__init__(CustomActivityTypeProvider(), resource_name, props, opts)


# -- helpers ---------------------------------------------------------------------------------------
def _check_instance_limit(result: CheckResult) -> CheckResult:
    """A new type (not in state yet) must fit: declared by this stack + live and not declared here <= 10.

    Skipped when the local rules failed, when inputs are still unknown (preview; ``check`` runs
    again before the create) and when the instance cannot be read: create's 1027 answer remains
    the last guard.
    """
    api = (result.inputs or {}).get("apiName")
    if result.failures or not isinstance(api, str) or api not in names.stack_types():
        return result
    live = _live_type_names()
    if live is None:
        return result
    failure = names.limit_failure(api, live)
    if failure is not None:
        result.failures.append(CheckFailure(failure.field, failure.rule))
    return result


def _live_type_names() -> tuple[str, ...] | None:
    """The instance's live (not deleted) type apiNames, listed once per provider process; None when
    there is no usable connection (absent, or unknown during a preview) or the list cannot be read."""
    try:
        client = connection.current_client()
    except ConfigurationError:
        return None  # create says what is missing
    conn = client.connection
    if any(rpc.UNKNOWN in str(value) for value in (conn.base_url, conn.identity_url, conn.client_id)):
        return None

    def fetch() -> list[str]:
        return [str(t.get("apiName")) for t in client.list_types() if t.get("status") != "deleted"]

    try:
        return names.live_types(f"{conn.base_url} {conn.client_id}", fetch)
    except Exception as error:  # check must answer; the create's 1027 fallback still guards the limit
        text = error if isinstance(error, ActivitySchemasError) else f"unexpected {type(error).__name__}"
        print(redact(f"marketo: could not list the instance's custom activity types to check the limit of "
                     f"{MAX_TYPES_PER_INSTANCE} ({text}); Marketo enforces it when the type is created"),
              file=sys.stderr, flush=True)
        return None


def _after_discard(client: MarketoClient, api: str, base: LiveType, answer: Mapping[str, Any]) -> LiveType:
    """The type as it is after its pending draft was discarded: the approved version, whose status
    the discard answer gives (one describe when the answer does not say)."""
    status = answer.get("status") if answer.get("apiName") in (None, api) else None
    if not isinstance(status, str) or not status:
        try:
            described = client.describe(api)
        except ActivitySchemasError:  # the discard succeeded; marketo.md 3.8: back to approved
            described = None
        status = (parse_type(described).status if described else None) or "approved"
    return dataclasses.replace(base, status=status)


def _run(client: MarketoClient, api: str, step: Step) -> dict[str, Any]:
    if step.action == "update_type":
        return client.update_type(api, step.body)
    if step.action == "update_attributes":
        return client.update_attributes(api, step.body)
    if step.action == "delete_attributes":
        return client.delete_attributes(api, step.body)
    return client.create_attributes(api, step.body)


def _draft_view(client: MarketoClient, live: LiveType) -> LiveType:
    """The pending draft's content, with the type's status and id."""
    draft = client.describe(live.api_name, draft=True)
    return parse_type({**draft, "status": live.status, "id": live.id}) if draft is not None else live


def _approve(client: MarketoClient, api: str) -> dict[str, Any]:
    """Approve; when the answer is lost, the type's status says whether the approval happened."""
    try:
        return client.approve(api)
    except TransportError as error:
        if error.ambiguous:
            found = client.describe(api)
            if found is not None and parse_type(found).status == "approved":
                return found
        raise


def _lost_create_answer(client: MarketoClient, model: CustomActivityTypeInputs,
                        error: TransportError) -> dict[str, Any]:
    """The create call's answer was lost: continue with the draft if Marketo made it as declared."""
    api = model.api_name
    if not error.ambiguous:
        raise StepFailed(f"{api}: step 'create type' failed: {error}. Nothing was created") from None
    found = client.describe(api, draft=True)
    if found is None:
        raise StepFailed(f"{api}: step 'create type' lost its answer ({error}) and Marketo has no such type: "
                         "nothing was created. Run `pulumi up` again") from None
    draft = parse_type(found)
    if draft.status != "draft" or frozen_changes(draft, model):
        raise StepFailed(f"{api}: step 'create type' lost its answer ({error}); Marketo now holds a type "
                         f"with this apiName (status '{draft.status}') that differs from the declaration. "
                         "Check it in Marketo, then adopt it or delete it") from None
    return found


def _step(client: MarketoClient, api: str, label: str, call: Any) -> dict[str, Any]:
    try:
        result: dict[str, Any] = call()
        return result
    except ActivitySchemasError as error:
        raise StepFailed(f"{api}: step '{label}' failed: {error}. Nothing else was changed") from None


def _delete_quietly(client: MarketoClient, api: str) -> str:
    try:
        client.delete_type(api)
        return "deleted"
    except ActivitySchemasError as error:
        try:
            client.discard_draft(api)
            return "discarded"
        except ActivitySchemasError:
            return redact(f"NOT deleted ({error}); delete the draft type {api} in Marketo's UI")


def _discard_quietly(client: MarketoClient, api: str) -> str:
    try:
        client.discard_draft(api)
        return "discarded"
    except ActivitySchemasError as error:
        try:  # refused because the failed step never created a draft?
            found = client.describe(api)
            if found is not None and parse_type(found).status == "approved":
                return "never created (no draft is pending)"
        except ActivitySchemasError:
            pass
        return redact(f"NOT discarded ({error}); discard it in Marketo's UI (Admin > Marketo Custom Activities)")


def _live(client: MarketoClient, api: str, doc: Mapping[str, Any], model: CustomActivityTypeInputs,
          created: Mapping[str, Any] | None, *, fallback: LiveType | None = None) -> dict[str, Any]:
    """Outputs after a write: the answer's view of the type, the declaration where it says nothing."""
    declared = SchemaProvider.dump(model)
    answer = parse_type(doc) if doc.get("apiName") else None
    out: dict[str, Any] = {k: v for k, v in declared.items() if k not in LOCAL_FIELDS}
    out.setdefault("description", None)
    if answer is not None:
        view = answer.inputs()
        for key in ("name", "description", "triggerName", "filterName", "primaryAttribute"):
            if key in doc:
                out[key] = view[key]
        if "attributes" in doc or not model.attributes:  # an empty list may be omitted (marketo.md 3.11)
            out["attributes"] = _ordered(view["attributes"], [a.api_name for a in model.attributes])
    status = (answer.status if answer else None) or (fallback.status if fallback else None)
    type_id = (answer.id if answer else None) or (fallback.id if fallback else None)
    if type_id is None and created is not None:
        type_id = parse_type(created).id
    if type_id is None:  # Adobe's examples omit the id from some answers: ask for it once
        described = client.describe(api) or client.describe(api, draft=True)
        type_id = parse_type(described).id if described else None
    out["activityTypeId"] = type_id
    out["status"] = status
    return out


def _project(found: LiveType, order: list[str]) -> dict[str, Any]:
    out = found.inputs()
    out["attributes"] = _ordered(out["attributes"], order)
    out["activityTypeId"] = found.id
    out["status"] = found.status
    return out


def _order_of(state: Mapping[str, Any]) -> list[str]:
    return [str(a.get("apiName")) for a in state.get("attributes") or [] if isinstance(a, Mapping)]


def _ordered(attributes: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """The stack's order first (a refresh must not show a reordering as a change), then the rest."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted(attributes, key=lambda a: (rank.get(a["apiName"], len(rank)), a["apiName"]))


def _report_attribute_changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> None:
    """Dynamic providers send no detailed diff: list attribute changes by apiName on the CLI."""
    api = news.get("apiName") or olds.get("apiName")
    old = keyed([a for a in olds.get("attributes") or [] if isinstance(a, Mapping)], "apiName")
    new = keyed([a for a in news.get("attributes") or [] if isinstance(a, Mapping)], "apiName")
    lines: list[str] = []
    for name in sorted(old.keys() - new.keys()):
        lines.append(f"attributes[{name}] will be removed: an attribute's apiName never changes, so a rename "
                     f"is remove + add, and the values recorded under '{name}' are lost from filters and new "
                     "activities")
    lines += [f"attributes[{name}] will be added" for name in sorted(new.keys() - old.keys())]
    for name in sorted(old.keys() & new.keys()):
        for field in sorted(set(old[name]) | set(new[name])):
            if old[name].get(field) != new[name].get(field):
                lines.append(f"attributes[{name}].{field} changes: {old[name].get(field)!r} -> "
                             f"{new[name].get(field)!r}")
    for line in lines:
        print(f"marketo: {api}: {line}", file=sys.stderr)
