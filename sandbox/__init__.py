"""A local server that behaves like the Salesforce, Account Engagement, Marketo and Eloqua APIs.

Public entry points: :func:`sandbox.app.build_app` (the ASGI app) and :func:`sandbox.server.serve`
(the HTTPS server that writes ``endpoints.json``). Each vendor lives in its own sub-package and
implements :class:`sandbox.vendor.VendorSurface`.
"""
