"""Production safety: no committed key, HTTPS settings, private files, content policy, error logs."""
import base64
import hashlib
import os
import re
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {"DEBUG": "false", "ALLOWED_HOSTS": "kb.example.org", "SITE_URL": "https://kb.example.org"}


def manage(*args, var_dir, **env):
    """Run manage.py in a fresh process with the real settings, the embedded defaults and `env`."""
    base = {k: v for k, v in os.environ.items()
            if k not in {"SECRET_KEY", "SITE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE", "RATE_LIMITS"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", "VAR_DIR": str(var_dir), **env},
                          timeout=120)


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_production_mode_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", var_dir=tmp_path, **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret-key").exists()


@pytest.mark.parametrize("env, says", [
    ({"SECRET_KEY": "abc"}, "SECRET_KEY is too weak for production: it has 3 characters"),
    ({"SECRET_KEY": "ab" * 40}, "fewer than 5 different characters"),
    ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)}, "it is a development key"),
    ({"SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "true"}, "DEBUG is on, but SITE_URL starts with https://"),
])
def test_production_mode_refuses_a_weak_key_or_debug_pages(tmp_path, env, says):
    result = manage("check", var_dir=tmp_path, **{**PRODUCTION_ENV, **env})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and says in result.stderr


def test_check_deploy_finds_no_issue_in_production_mode(tmp_path):
    result = manage("check", "--deploy", var_dir=tmp_path, SECRET_KEY=secrets.token_urlsafe(50), **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_embedded_run_keeps_a_random_key_and_the_database_readable_by_its_user_only(tmp_path):
    assert manage("check", var_dir=tmp_path).returncode == 0
    key_file = tmp_path / "secret-key"
    first_key = key_file.read_text()
    assert len(first_key) >= 50 and "insecure" not in first_key
    assert mode(key_file) == 0o600 and mode(tmp_path / "db.sqlite3") == 0o600

    assert manage("check", var_dir=tmp_path).returncode == 0
    assert key_file.read_text() == first_key  # sessions survive a restart
    other = tmp_path / "other"
    manage("check", var_dir=other)
    assert (other / "secret-key").read_text() != first_key


def test_errors_are_logged_to_stderr_with_their_traceback(tmp_path):
    code = ("import logging\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n"
            "    logging.getLogger('django.request').exception('Internal Server Error: /x/')\n"
            "    logging.getLogger('some.library').exception('library failure')\n")
    result = manage("shell", "-c", code, var_dir=tmp_path)
    assert "ERROR django.request: Internal Server Error: /x/" in result.stderr
    assert "ERROR some.library: library failure" in result.stderr
    assert result.stderr.count("ZeroDivisionError: division by zero") == 2


@pytest.mark.django_db
def test_admin_password_is_printed_once_and_kept_readable_by_its_user_only(settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    call_command("create_admin")
    first = capsys.readouterr().out
    password = (tmp_path / "admin-password.txt").read_text()
    assert password in first
    assert mode(tmp_path / "admin-password.txt") == 0o600

    call_command("create_admin")
    again = capsys.readouterr().out
    assert password not in again and "admin-password.txt" in again


# --- Content-Security-Policy -----------------------------------------------------------------------

INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\sstyle=", re.I)
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
BLOCKING_STYLESHEET = re.compile(r'<link rel="stylesheet"(?![^>]*media="print")[^>]*>')


@pytest.mark.django_db
def test_public_pages_send_a_content_security_policy_without_unsafe_inline(client, farm_guides):
    """No inline script or style attribute; the one inline stylesheet is allowed by the hash of its bytes."""
    from kb.models import GuidePage

    guide = GuidePage.objects.get(slug="dao-on")
    for url in ["/", guide.url, "/tim-kiem/?q=lua", "/en/search/?q=rice", "/api/docs"]:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        html = response.content.decode()
        assert not INLINE.search(html), url
        styles = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))["style-src"].split()
        assert styles[0] == "'self'"
        inlined = [f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
                   for css in STYLE.findall(html)]
        assert styles[1:] == inlined, url  # exactly the styles this page carries, nothing else
        if url != "/api/docs":  # the page's stylesheet is inline: nothing to wait for but print's
            assert len(inlined) == 1 and not BLOCKING_STYLESHEET.search(html.split("</head>")[0]), url


@pytest.mark.django_db
def test_the_admin_is_left_out_of_the_content_security_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_static_files(client):
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
