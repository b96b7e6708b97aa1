"""The lists kb ships as CSV (problems, substances) and the revised ones officers load read the same way: a
wrong file is refused with its file and line named, and nothing of it is written."""
import pytest
from django.core.management import CommandError, call_command

from kb.models import Problem
from kb.substances import Substance

PROBLEMS = "name,kind,sector,alt_names,scientific_name,signs\n"
SUBSTANCES = ("name,name_en,other_names,scope,status,legal_source,in_force_from,first_banned,"
              "first_banned_source,conditions,checked\n")


def written(tmp_path, text):
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_load_problems_reads_names_and_signs_separated_by_bars(tmp_path):
    path = written(tmp_path, PROBLEMS + "Bệnh thử,disease,crop, tên một | |tên hai ,Testus,dấu một|dấu hai\n")
    call_command("load_problems", path)
    problem = Problem.objects.get(name="Bệnh thử")
    assert problem.alt_names.splitlines() == ["tên một", "tên hai"]
    assert problem.signs.splitlines() == ["dấu một", "dấu hai"]


@pytest.mark.django_db
@pytest.mark.parametrize(("command", "model", "text", "said"), [
    ("load_problems", Problem, PROBLEMS + "Bệnh A,disease,crop,,,\nBệnh B,virus,crop,,,\n",
     "list.csv:3: kind “virus” is not one of"),
    ("load_problems", Problem, "name,kind,sector\nBệnh A,disease,crop\n", "missing columns alt_names, scientific_name"),
    ("load_substances", Substance, SUBSTANCES + "Chất A,,,crop,banned,TT 1,,,,,\nChất B,,,crop,maybe,TT 1,,,,,\n",
     "list.csv:3: status “maybe” is not one of"),
    ("load_substances", Substance, "name,scope\nChất A,crop\n", "missing columns checked, conditions"),
])
def test_a_wrong_list_is_refused_naming_the_line_and_nothing_is_written(tmp_path, command, model, text, said):
    before = model.objects.count()
    with pytest.raises(CommandError, match=said):
        call_command(command, written(tmp_path, text))
    assert model.objects.count() == before


@pytest.mark.django_db
def test_a_database_loaded_before_the_list_grew_gets_the_new_problems_linked_and_keeps_an_officers_edits():
    import importlib

    from django.apps import apps

    from kb.importer import import_lines
    from kb.models import GuidePage
    from tests.helpers import guide_line

    Problem.objects.filter(name="Cầu trùng").delete()  # as in a database migrated before it was shipped
    Problem.objects.filter(name="Newcastle").update(alt_names="gà rù\nxụi lơ")  # an officer's edit
    assert import_lines([guide_line("cau-trung", "Phòng bệnh cầu trùng cho gà", "Chuồng khô, thuốc phòng.",
                                    sector="livestock", commodities=["Gà"])], publish=True).ok
    assert not GuidePage.objects.get(slug="cau-trung").problems.exists()
    importlib.import_module("kb.migrations.0021_more_problems").reload_list(apps, None)
    assert [p.name for p in GuidePage.objects.get(slug="cau-trung").problems.all()] == ["Cầu trùng"]
    assert Problem.objects.get(name="Newcastle").alt_names == "gà rù\nxụi lơ"
