"""The Salesforce side of the sandbox: OAuth, the Tooling API objects of Account Engagement
external activity, and the Account Engagement API v5 ``external-activities`` endpoint."""

from sandbox.salesforce.surfaces import AccountEngagementSurface, SalesforceSurface

__all__ = ["AccountEngagementSurface", "SalesforceSurface"]
