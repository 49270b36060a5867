"""What the Account Engagement providers share: the connection, and notices printed to the user.

Provider instances hold no state at all (they are pickled into Pulumi state); the connection
comes from module state that ``configure`` filled.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar

import pydantic
from pulumi.dynamic import CheckFailure, CheckResult, DiffResult
from pulumi.output import Unknown
from pulumi.runtime import rpc

from providers.core.errors import ValidationError
from providers.core.provider import SchemaProvider
from providers.core.redact import redact
from providers.salesforce import business_units, connection
from providers.salesforce.tooling import ToolingClient

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)


class SalesforceProvider(SchemaProvider[ModelT]):
    local_fields: ClassVar[tuple[str, ...]] = ("adopt",)
    passive_fields: ClassVar[tuple[str, ...]] = ("adopt",)

    def configure_connection(self, config: Any) -> None:
        connection.configure(config)

    # The provider server deserializes check/diff values with keep_unknowns=True, so unknowns arrive
    # as ``pulumi.output.Unknown`` objects, which the shared base only recognises as ``rpc.UNKNOWN``.
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        result = super().check(plain_unknowns(_olds), plain_unknowns(news))
        if "adopt" in self.input_fields() and "adopt" not in result.inputs:  # unchecked (unknowns)
            result.inputs = {**result.inputs, "adopt": False}
        return result

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return super().diff(_id, plain_unknowns(olds), plain_unknowns(news))

    def check_reference(self, result: CheckResult, olds: dict[str, Any], news: dict[str, Any], field: str,
                        problem: Callable[[str], str | None]) -> CheckResult:
        """After the model's rules, a new ``field`` value must name something that exists in the org.

        ``problem`` reads the org (the look-ups cache per provider process) and returns the rule
        broken, or None; it may raise ``ValidationError`` instead. A value unchanged since the last
        run was checked then, so a no-op costs no call.
        """
        value = result.inputs.get(field)
        if result.failures or not isinstance(value, str) or value in ("", rpc.UNKNOWN, olds.get(field)):
            return result
        try:
            rule = problem(value)
        except ValidationError as error:
            return CheckResult(plain_unknowns(news), [CheckFailure(error.field, error.rule)])
        except Exception as exc:
            raise self._fail("check", exc) from None
        return result if rule is None else CheckResult(plain_unknowns(news), [CheckFailure(field, rule)])

    def check_business_unit(self, result: CheckResult, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """``businessUnit`` must name one of the org's units (one query per process, ``business_units``)."""
        def problem(unit: str) -> None:
            business_units.resolve(self.tooling(), unit)  # raises ValidationError listing the units

        return self.check_reference(result, olds, news, "businessUnit", problem)

    @staticmethod
    def tooling() -> ToolingClient:
        return ToolingClient(connection.current())


def notice(text: str) -> None:
    """A line the Pulumi CLI shows in the resource's diagnostics (provider stderr)."""
    print(redact(text), file=sys.stderr, flush=True)


def mismatches(live: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    """Input names whose live value differs from the declared one (adoption must match exactly)."""
    return [name for name, value in wanted.items() if live.get(name) != value]


def changed_fields(state: Mapping[str, Any], wanted: Mapping[str, tuple[str, Any]]) -> dict[str, Any]:
    """The Tooling fields to PATCH: ``wanted`` maps a state name to (Tooling field, declared value).

    Only what differs from the last known state is sent, so an update never rewrites a field
    that someone may have changed on purpose and that the declaration did not touch.
    """
    return {field: value for name, (field, value) in wanted.items() if state.get(name) != value}


def plain_unknowns(value: Any) -> Any:
    """``Unknown()`` objects, at any depth, as the wire sentinel ``rpc.UNKNOWN``."""
    if isinstance(value, Unknown):
        return rpc.UNKNOWN
    if isinstance(value, dict):
        return {k: plain_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_unknowns(v) for v in value]
    return value
