"""logistics: health, metrics and OpenAPI through the real app on real Postgres and Redis."""

from pf_common.testing.checks import assert_health_endpoints


async def test_health_endpoints_answer(client, pf_service_app_unready):
    await assert_health_endpoints(client, "logistics", unready_client=pf_service_app_unready)
