"""The shipped list of diseases, pests and disorders again (kb/data/problems.csv), now with the common ones
of Huế's rice, vegetables, fruit trees, pigs, poultry, cattle and ponds that it lacked (vàng lùn, lem lép
hạt, sương mai, cầu trùng, hen gà, đóng dấu lợn, tiên mao trùng, nấm thủy mi, hoại tử cơ…), and every guide
linked again to those it names. Only the problems not there yet are added: those already there may have been
edited by officers, and their edits stay."""
from django.db import migrations

from kb.problems import link_every_guide, load_csv


def reload_list(apps, schema_editor):
    Problem = apps.get_model("kb", "Problem")
    load_csv(Problem, keep_existing=True)
    link_every_guide(Problem, apps.get_model("kb", "GuidePage"), apps.get_model("kb", "Commodity"))


class Migration(migrations.Migration):
    dependencies = [("kb", "0020_substance_dates_as_cited")]

    operations = [migrations.RunPython(reload_list, migrations.RunPython.noop)]
