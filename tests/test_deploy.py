"""The production stack's files: every service supervised and checked, no secret in the repository, and
backups that restore."""
import os
import re
import sqlite3
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|TOKEN", re.I)
REFERENCE = re.compile(r"^\$\{[A-Z_]+(:?[-?][^}]*)?\}$")


def compose():
    return yaml.safe_load((ROOT / "deploy/docker-compose.yml").read_text())


def test_every_production_service_has_a_healthcheck_and_a_restart_policy():
    services = compose()["services"]
    assert {"web", "worker", "worker-analytics", "worker-chat", "beat", "caddy", "postgres", "redis",
            "elasticsearch"} <= set(services)
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        assert service.get("restart") in ("always", "unless-stopped"), f"{name} has no restart policy"


def test_no_secret_is_written_in_the_compose_file():
    for name, service in compose()["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                assert REFERENCE.match(str(value)), f"{name}: {key} must come from deploy/.env, not the file"


def test_elasticsearch_runs_with_security_on():
    environment = compose()["services"]["elasticsearch"]["environment"]
    assert environment["xpack.security.enabled"] == "true"


def test_env_example_holds_names_not_secrets():
    for line in (ROOT / "deploy/env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            assert not (SECRET_NAME.search(name) and value), f"{name} has a value in env.example"


def run(script, *args, **env):
    return subprocess.run([str(ROOT / "scripts" / script), *map(str, args)], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, **{k: str(v) for k, v in env.items()}})


@pytest.fixture
def scratch_postgres():
    """An empty PostgreSQL database of its own on the server the suite uses, dropped afterwards."""
    server = "postgres://postgres@127.0.0.1:5432/postgres"
    name = f"kb_backup_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_a_postgresql_backup_restores_the_database_and_the_media(scratch_postgres, tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "lua.jpg").write_bytes(b"\xff\xd8 photo")
    with psycopg.connect(scratch_postgres, autocommit=True) as connection:
        connection.execute("CREATE TABLE guide (id int PRIMARY KEY, title text)")
        connection.execute("INSERT INTO guide VALUES (1, 'Phòng bệnh đạo ôn cho lúa'), (2, 'Nuôi heo nái')")
    env = {"DATABASE_URL": scratch_postgres, "VAR_DIR": tmp_path, "MEDIA_ROOT": media}
    folder = run("backup", tmp_path / "backups", **env).stdout.strip()
    assert (Path(folder) / "database.pgdump").stat().st_mode & 0o077 == 0, "backups are readable by their owner only"

    with psycopg.connect(scratch_postgres, autocommit=True) as connection:
        connection.execute("DELETE FROM guide WHERE id = 1")
        connection.execute("INSERT INTO guide VALUES (3, 'written after the backup')")
    (media / "images" / "lua.jpg").unlink()

    run("restore", folder, **env)
    with psycopg.connect(scratch_postgres) as connection:
        rows = connection.execute("SELECT id, title FROM guide ORDER BY id").fetchall()
    assert rows == [(1, "Phòng bệnh đạo ôn cho lúa"), (2, "Nuôi heo nái")]
    assert (media / "images" / "lua.jpg").read_bytes() == b"\xff\xd8 photo"


def test_an_sqlite_backup_restores_the_embedded_database(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE guide (title text)")
        connection.execute("INSERT INTO guide VALUES ('Trồng sắn (khoai mì)')")
    env = {"DATABASE_URL": f"sqlite:///{database}", "VAR_DIR": tmp_path, "MEDIA_ROOT": tmp_path / "media"}
    folder = run("backup", tmp_path / "backups", **env).stdout.strip()
    database.unlink()
    run("restore", folder, **env)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT title FROM guide").fetchall() == [("Trồng sắn (khoai mì)",)]


def test_restore_refuses_a_backup_of_the_other_database_kind(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "database.pgdump").write_bytes(b"")
    with pytest.raises(subprocess.CalledProcessError) as failed:
        run("restore", tmp_path / "b", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert "postgres://" in failed.value.stderr
