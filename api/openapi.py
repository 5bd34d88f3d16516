"""The API's version and its description (OpenAPI) as the NL API Design Rules ask.

`API_VERSION` is the full semver of the REST API whose major is the `/v1` in its base path;
every response names it in `API-Version` (/core/version-header).
"""

from __future__ import annotations

API_VERSION = "1.0.0"
API_BASE_PATH = "/api/v1"
