"""A database that refuses connections gives a short Vietnamese 503 page, never a traceback."""
import pytest
from django.db import connection


@pytest.fixture
def database_refusing_connections(transactional_db, django_db_serialized_rollback):
    """Point the connection somewhere nothing answers, as a restarting server would look. The serialized
    rollback makes the flush after it keep the content types' ids, which the next transactional tests
    (serialized_rollback=True) restore."""
    original = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/folder/db.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(original)


@pytest.mark.parametrize("url", ["/", "/tim-kiem/?q=lua"])
def test_a_page_asked_while_the_database_refuses_connections_answers_503_in_vietnamese(
        client, database_refusing_connections, url):
    response = client.get(url, raise_request_exception=False)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = response.content.decode()
    assert "Hệ thống đang bận" in text
    assert "Traceback" not in text and "OperationalError" not in text
