# The training coordinator is a role, like a membership or a partner membership: it moves from
# trainingen to teams, where every role lives, keeping its rows. The model changes app in the
# migration state only; then its table takes the teams name.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0004_shift_time_indexes"),
        # trainingen lets go of the model first.
        ("trainingen", "0003_move_trainingcoordinator_to_teams"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TrainingCoordinator",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="training_coordinator",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "training coordinator",
                        "verbose_name_plural": "training coordinators",
                        "db_table": "trainingen_trainingcoordinator",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="trainingcoordinator", table=None),
    ]
