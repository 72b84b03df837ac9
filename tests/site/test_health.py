import pytest


@pytest.mark.django_db
def test_health_endpoint_reaches_the_database(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
