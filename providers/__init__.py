"""Pulumi dynamic resource providers for marketing automation activity schemas.

One sub-package per vendor (``salesforce``, ``marketo``, ``eloqua``), each with its models,
client and providers; ``core`` holds what they share (HTTP, auth, retries, limits, diffing, the
provider base class). Vendor packages never import each other.
"""
