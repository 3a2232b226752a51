"""The Parcours API, version 1: ``/api/v1/`` (OpenAPI at ``/api/v1/openapi.json``,
interactive documentation at ``/api/v1/docs``).

The domain apps never import from here; routes are thin and call the same
services and selectors as the screens."""

from __future__ import annotations

from ninja import NinjaAPI

from parcours.api import errors
from parcours.api.auth import BearerToken
from parcours.api.routers.accounts import router as accounts_router
from parcours.api.routers.beds import router as beds_router
from parcours.api.routers.casework import router as casework_router
from parcours.api.routers.clients import router as clients_router
from parcours.api.routers.community import router as community_router
from parcours.api.routers.coordination import router as coordination_router
from parcours.api.routers.groups import router as groups_router
from parcours.api.routers.households import router as households_router
from parcours.api.routers.housing import router as housing_router
from parcours.api.routers.housing_finance import router as housing_finance_router
from parcours.api.routers.housing_matching import router as housing_matching_router
from parcours.api.routers.housing_upkeep import router as housing_upkeep_router
from parcours.api.routers.linkage import router as linkage_router
from parcours.api.routers.opportunities import router as opportunities_router
from parcours.api.routers.reports import router as reports_router
from parcours.api.routers.reports_fidelity import router as reports_fidelity_router
from parcours.api.routers.reports_outcomes import router as reports_outcomes_router
from parcours.api.routers.stigma import router as stigma_router

api = NinjaAPI(
    title="Parcours API",
    version="1",
    description=(
        "Case management and service coordination for Housing First networks. "
        "Authenticate with `Authorization: Bearer <token>` (create a token on the "
        "*API tokens* page or with `parcours create_api_token EMAIL`). Every 4xx answer "
        'has the shape `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`. '
        "Send `Accept-Language: fr` or `en` for messages in that language."
    ),
    auth=BearerToken(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", accounts_router)
api.add_router("/", clients_router)
api.add_router("/", linkage_router)
api.add_router("/", casework_router)
api.add_router("/", households_router)
api.add_router("/", beds_router)
api.add_router("/", coordination_router)
api.add_router("/", housing_router)
api.add_router("/", housing_finance_router)
api.add_router("/", reports_router)
api.add_router("/", housing_matching_router)
api.add_router("/", housing_upkeep_router)
api.add_router("/", community_router)
api.add_router("/", stigma_router)
api.add_router("/", groups_router)
api.add_router("/", opportunities_router)
api.add_router("/", reports_fidelity_router)
api.add_router("/", reports_outcomes_router)
