# The training coordinator moved to teams (teams 0005 takes over the table and its rows).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trainingen", "0002_standard_programme"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="TrainingCoordinator")],
        ),
    ]
