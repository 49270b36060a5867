"""The Marketo part of the sandbox (custom activity types, identity, limits)."""

from sandbox.marketo.surface import MarketoSurface

__all__ = ["MarketoSurface"]
