"""The REST API: read organisations, assessments, roadmaps and programmes; write actuals.

Django REST framework with drf-spectacular (OpenAPI 3 at /api/schema/, Swagger UI from local
static files at /api/docs/). Every object is fetched through assessments/organisations/access.py,
so tenancy and roles are the pages' own. Tokens are per user, created and revoked by the user,
stored as a SHA-256 digest only (api/tokens.py).
"""
