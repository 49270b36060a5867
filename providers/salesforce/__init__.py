"""Salesforce Account Engagement external activity: Tooling API client, OAuth, providers, v5 submission.

Import the resource classes from :mod:`providers.salesforce.resources`.
"""
