"""A do-nothing dynamic resource: proves the engine path and measures the engine's own floor.

It touches no vendor. The end-to-end harness tests drive it through up, preview, refresh and
destroy, and the benchmark runs N of them to find what the Pulumi engine alone costs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi
import pydantic
from pulumi.dynamic import Resource

from providers.core.provider import SchemaProvider


class ProbeInputs(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    value: str = pydantic.Field(min_length=1, max_length=100)
    generation: int = 0  # bump it to force a replacement


class ProbeProvider(SchemaProvider[ProbeInputs]):
    inputs_model = ProbeInputs
    resource_label = "probe"
    replace_on = ("generation",)

    def create_resource(self, model: ProbeInputs) -> tuple[str, dict[str, Any]]:
        return f"probe-{model.value}-{model.generation}", {"echo": model.value}

    def read_resource(self, id_: str, state: Mapping[str, Any]) -> dict[str, Any] | None:
        return {"value": state.get("value"), "generation": state.get("generation", 0), "echo": state.get("value")}

    def update_resource(self, id_: str, state: Mapping[str, Any], model: ProbeInputs) -> dict[str, Any]:
        return {"echo": model.value}

    def delete_resource(self, id_: str, state: Mapping[str, Any]) -> None:
        return None


class Probe(Resource, module="core", name="Probe"):
    echo: pulumi.Output[str]

    def __init__(self, name: str, value: pulumi.Input[str], generation: int = 0,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(ProbeProvider(), name, {"value": value, "generation": generation, "echo": None}, opts)
