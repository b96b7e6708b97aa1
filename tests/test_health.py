"""/healthz tells a load balancer whether this web server can serve, and an operator what is degraded."""
import pytest


@pytest.mark.django_db
def test_healthz_reports_every_service_and_the_depth_of_each_queue(client, search_index):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["search"]["ok"] and body["broker"]["ok"]
    assert "celery" in body["broker"]["queues"]
    assert all(isinstance(depth, int) for depth in body["broker"]["queues"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_a_down_search_engine_degrades_but_keeps_the_server_in_rotation(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["ok"] is False
    assert client.get("/healthz?strict=1").status_code == 503


@pytest.mark.django_db
def test_an_unreachable_broker_is_reported(client, search_index, monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads it before its settings
    body = client.get("/healthz").json()
    assert body["broker"]["ok"] is False
    assert body["status"] == "degraded"
