"""The house as the README draws it: the import contracts in pyproject.toml hold, and they catch a wrong
import, a cycle inside a room and an import into the standalone offline app (checked on a copy of the code
with one bad module added, so the real tree is never touched)."""
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _config():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint(root):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def house(tmp_path_factory):
    """A copy of every room's Python code and the project's contracts."""
    root = tmp_path_factory.mktemp("house")
    for package in _config()["root_packages"]:
        shutil.copytree(ROOT / package, root / package,
                        ignore=lambda folder, names: [n for n in names if not (n.endswith(".py") or
                                                                                (Path(folder) / n).is_dir())])
    shutil.copy(ROOT / "pyproject.toml", root)
    return root


def test_the_code_keeps_every_contract(house):
    result = lint(house)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


@pytest.mark.parametrize("module, source, broken", [
    ("kb/reads_search.py", "from search import service\n", "kb is not allowed to import search"),
    ("core/reads_config.py", "import config.settings\n", "core is not allowed to import config"),
    ("search/reads_analytics.py", "import analytics.models\n", "search is not allowed to import analytics"),
    ("chat/reads_alerts.py", "import alerts\n", "chat is not allowed to import alerts"),
    ("offline/reads_kb.py", "import kb.text\n", "offline is not allowed to import kb"),
    ("kb/cycle_a.py", "def later():\n    from kb import cycle_b\n", "No cycles are allowed in kb"),
])
def test_a_wrong_import_breaks_a_contract(house, module, source, broken):
    added = [house / module]
    added[0].write_text(source)
    if module == "kb/cycle_a.py":  # the other half of the cycle, dodged inside a function as above
        added.append(house / "kb" / "cycle_b.py")
        added[1].write_text("from kb import cycle_a\n")
    try:
        result = lint(house)
    finally:
        for path in added:
            path.unlink()
    assert result.returncode != 0 and broken in result.stdout, result.stdout


def test_every_template_lives_in_its_apps_folder_but_the_shared_layout():
    """The README's templates rule: `templates/<app>/` (and `includes/`), only base.html at the root, and no
    app folder of its own templates."""
    assert [path.name for path in (ROOT / "templates").iterdir() if path.is_file()] == ["base.html"]
    assert not [path for package in _config()["root_packages"] for path in (ROOT / package).rglob("templates")
                if path.is_dir()]
