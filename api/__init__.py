"""The portal's read-only JSON API (`/api/v1/…`), built with django-ninja.

Thin views (`api.views`) over reads (`api.selectors`) that reuse the apps' own selectors,
filter sets, search and exports; HTTP concerns (errors, conditional requests, rate limits, CORS)
live in `api.http` and `api.middleware`, languages in `api.texts`, cursors in `api.pagination`,
the documented shapes in `api.schemas`.
"""
