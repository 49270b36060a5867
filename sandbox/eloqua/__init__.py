"""The Oracle Eloqua REST 2.0 part of the sandbox (external asset types, assets, activities)."""

from sandbox.eloqua.surface import EloquaSurface

__all__ = ["EloquaSurface"]
