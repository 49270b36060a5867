"""The base class of every dynamic resource provider in the project.

The base owns what is the same for every vendor: turning wire values into a validated model in
``check`` (ints arrive as floats, ``None`` keys vanish), a symmetric field-level ``diff``
(``refresh`` calls it with old and new swapped), the outputs layout, unknown values during
preview, and error messages that name the resource and never leak a secret.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar

import pydantic
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.output import Unknown
from pulumi.runtime import rpc

from providers.core.diffing import FieldChange, field_changes
from providers.core.errors import ActivitySchemasError, ValidationError
from providers.core.redact import redact

PROVIDER_KEY = "__provider"
ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


class ProviderError(Exception):
    """What the Pulumi CLI shows when a provider operation fails: one redacted sentence."""


class SchemaProvider(ResourceProvider, Generic[ModelT]):
    """Hooks a subclass implements:

    - ``inputs_model``: the pydantic model of the resource's inputs (``extra="forbid"``); its
      validators hold every rule that needs no API call.
    - ``resource_label``: how messages name the resource kind ("Marketo custom activity type").
    - ``replace_on``: input fields whose change is a replacement, not an update.
    - ``keyed_lists``: list inputs compared item by item, e.g. ``{"attributes": "apiName"}``.
    - ``local_fields``: inputs that are instructions to the provider, not properties of the
      vendor object (``adopt``, ``approve``...); ``read`` carries them over from the state.
    - ``passive_fields``: local fields that only steer a create or a later change (``adopt``);
      an update that changes nothing else records them without calling the vendor.
    - ``submission_fields``, ``activation_fields``, ``lossy_lists``, ``delete_note``: what the
      pull-request review calls out (names submitters send, activation, data loss, delete).
    - ``configure_connection(config)``: read credentials when the provider process starts.
    - ``validate(model)``: rules beyond the model (may look at the stack, never call the API).
    - ``replacements(old, new)``: extra replacement causes found by comparing inputs.
    - ``create_resource(model)`` -> ``(id, live)``; ``read_resource(id, state)`` -> live or None;
      ``update_resource(id, state, model)`` -> live; ``delete_resource(id, state)``.
      ``live`` is a dict of input-shaped properties (every observable input, ``None`` where
      unset) plus output-only properties.
    """

    inputs_model: ClassVar[type[pydantic.BaseModel]]
    resource_label: ClassVar[str] = "resource"
    replace_on: ClassVar[tuple[str, ...]] = ()
    keyed_lists: ClassVar[Mapping[str, str]] = {}
    local_fields: ClassVar[tuple[str, ...]] = ()
    passive_fields: ClassVar[tuple[str, ...]] = ()
    delete_before_replace: ClassVar[bool] = True
    # What reviewers are warned about (activity_schemas.review reads these):
    submission_fields: ClassVar[tuple[str, ...]] = ()  # names that submitters send
    activation_fields: ClassVar[tuple[str, ...]] = ()  # fields that switch submissions on or off
    lossy_lists: ClassVar[tuple[str, ...]] = ()  # keyed lists whose removed items lose data
    delete_note: ClassVar[str] = "deleted in the org"  # what ``pulumi destroy`` does to the object

    # -- hooks ---------------------------------------------------------------------------------
    def configure_connection(self, config: Any) -> None:
        """Default: the resource needs no connection."""

    def validate(self, model: ModelT) -> list[ValidationError]:
        return []

    def replacements(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
        return []

    def create_resource(self, model: ModelT) -> tuple[str, dict[str, Any]]:
        raise NotImplementedError

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        raise NotImplementedError

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ModelT) -> dict[str, Any]:
        raise NotImplementedError

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        raise NotImplementedError

    # -- helpers -------------------------------------------------------------------------------
    @classmethod
    def input_fields(cls) -> list[str]:
        return [f.alias or name for name, f in cls.inputs_model.model_fields.items()]

    @classmethod
    def parse(cls, props: Mapping[str, Any]) -> ModelT:
        raw = {k: v for k, v in props.items() if k in cls.input_fields()}
        return cls.inputs_model.model_validate(raw)  # type: ignore[return-value]

    @classmethod
    def dump(cls, model: pydantic.BaseModel) -> dict[str, Any]:
        """The normalised inputs as they are stored: JSON types, aliases, no ``None`` values."""
        return model.model_dump(mode="json", by_alias=True, exclude_none=True)

    @classmethod
    def inputs_view(cls, props: Mapping[str, Any]) -> dict[str, Any]:
        """The input-shaped part of a state or of new inputs, ``None`` dropped (as on the wire)."""
        return {k: props[k] for k in cls.input_fields() if props.get(k) is not None}

    @classmethod
    def changes(cls, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
        return field_changes(
            cls.inputs_view(old), cls.inputs_view(new), fields=cls.input_fields(), keyed_lists=cls.keyed_lists
        )

    @classmethod
    def _field_named_in(cls, message: str) -> str:
        """The input a whole-object rule is about ("give assetTypeId or assetType"): the first one
        its message names, so the CLI points at a real property."""
        found = [(m.start(), f) for f in cls.input_fields() if (m := re.search(rf"\b{re.escape(f)}\b", message))]
        return min(found)[1] if found else cls.input_fields()[0]

    def _fail(self, operation: str, error: Exception) -> ProviderError:
        if isinstance(error, ActivitySchemasError):
            text = str(error)
        else:  # a bug, not a vendor answer: keep the type, drop the details that may hold data
            text = f"unexpected {type(error).__name__}: {error}"
        return ProviderError(redact(f"{self.resource_label}: {operation} failed: {text}"))

    # -- ResourceProvider ----------------------------------------------------------------------
    def configure(self, req: ConfigureRequest) -> None:
        self.configure_connection(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        raw = {k: v for k, v in news.items() if k != PROVIDER_KEY}
        if has_unknown(raw):  # preview with values other resources compute: check at update time
            return CheckResult(news, [])
        unknown_keys = sorted(set(raw) - set(self.input_fields()))
        failures = [CheckFailure(k, f"unknown property; allowed: {', '.join(self.input_fields())}")
                    for k in unknown_keys]
        try:
            model = self.parse(raw)
        except pydantic.ValidationError as exc:
            failures += [CheckFailure(_loc(e["loc"]) or self._field_named_in(e["msg"]), e["msg"])
                         for e in exc.errors()]
            return CheckResult(news, failures)
        failures += [CheckFailure(f.field, f.rule) for f in self.validate(model)]  # type: ignore[arg-type]
        return CheckResult(self.dump(model) if not failures else news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old = {k: v for k, v in olds.items() if k != PROVIDER_KEY}
        new = {k: v for k, v in news.items() if k != PROVIDER_KEY}
        if has_unknown(new):
            unknown = [k for k in self.replace_on if has_unknown(new.get(k))]
            return DiffResult(changes=True, replaces=unknown or None,
                              delete_before_replace=bool(unknown) and self.delete_before_replace)
        changed = {c.field for c in self.changes(old, new)}
        replaces = sorted({f for f in changed if f in self.replace_on} | set(self.replacements(old, new)))
        return DiffResult(
            changes=bool(changed),
            replaces=replaces,
            delete_before_replace=self.delete_before_replace if replaces else None,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        model = self.parse(props)
        try:
            id_, live = self.create_resource(model)  # type: ignore[arg-type]
        except Exception as exc:
            raise self._fail("create", exc) from None
        return CreateResult(id_, self._outputs(self.dump(model), live))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        try:
            live = self.read_resource(id_, props)
        except Exception as exc:
            raise self._fail("read", exc) from None
        if live is None:
            return ReadResult("", {})
        carried = {k: props[k] for k in self.local_fields if props.get(k) is not None}
        outs = self._outputs(carried, live)
        return ReadResult(id_, outs, self.inputs_view(outs))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        model = self.parse(news)
        changed = {c.field for c in self.changes(olds, self.dump(model))}
        if changed and changed <= set(self.passive_fields):
            # e.g. adopt switched off after a recovery: nothing about the vendor object changes.
            state = {k: v for k, v in olds.items() if k != PROVIDER_KEY}
            return UpdateResult({**state, **self.dump(model)})
        try:
            live = self.update_resource(id_, olds, model)  # type: ignore[arg-type]
        except Exception as exc:
            raise self._fail("update", exc) from None
        return UpdateResult(self._outputs(self.dump(model), live))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        try:
            self.delete_resource(id_, props)
        except Exception as exc:
            raise self._fail("delete", exc) from None

    @staticmethod
    def _outputs(inputs: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
        outs = dict(inputs)
        outs.update({k: v for k, v in live.items() if v is not None})
        for k, v in live.items():
            if v is None:
                outs.pop(k, None)
        return outs


def has_unknown(value: Any) -> bool:
    """The provider server hands unknowns over as ``Unknown`` objects (or the wire sentinel)."""
    if isinstance(value, Unknown) or (isinstance(value, str) and value == rpc.UNKNOWN):
        return True
    if isinstance(value, Mapping):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
