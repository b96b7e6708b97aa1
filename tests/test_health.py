"""/healthz tells a load balancer whether this web server can serve, and an operator what is degraded;
only the operator (staff, or monitoring with the token) reads the detail."""
import pytest

TOKEN = "k" * 40


@pytest.fixture
def operator(client, settings):
    """The client as monitoring calls /healthz: with the token."""
    settings.HEALTHZ_TOKEN = TOKEN
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {TOKEN}"
    return client


@pytest.mark.django_db
def test_healthz_reports_every_service_and_the_depth_of_each_queue(operator, search_index):
    response = operator.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["search"]["ok"] and body["broker"]["ok"]
    assert "celery" in body["broker"]["queues"]
    assert all(isinstance(depth, int) for depth in body["broker"]["queues"].values())
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_a_down_search_engine_degrades_but_keeps_the_server_in_rotation(operator, settings):
    client = operator
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["search"]["ok"] is False
    assert client.get("/healthz?strict=1").status_code == 503


@pytest.mark.django_db
def test_an_unreachable_broker_is_reported(operator, search_index, monkeypatch):
    client = operator
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")  # Celery reads it before its settings
    body = client.get("/healthz").json()
    assert body["broker"]["ok"] is False
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_anyone_else_reads_only_the_status(client, settings, search_index, django_user_model):
    settings.HEALTHZ_TOKEN = TOKEN
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # an error message the public must not read
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": f"Basic {TOKEN}x"}):
        response = client.get("/healthz", **headers)
        assert response.status_code == 200 and response.json() == {"status": "degraded"}
    assert client.get("/healthz?strict=1").status_code == 503, "the code still tells a balancer"
    client.force_login(django_user_model.objects.create_user("ops", password="pw", is_staff=True))
    assert client.get("/healthz").json()["search"]["ok"] is False
