import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_access_log_subjects"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogIds",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("lowest", models.PositiveBigIntegerField(verbose_name="lowest number")),
                ("highest", models.PositiveBigIntegerField(verbose_name="highest number")),
                ("count", models.PositiveIntegerField(verbose_name="count")),
                ("ranges", models.TextField(verbose_name="numbers")),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="id_parts",
                        to="privacy.accesslogentry",
                        verbose_name="entry",
                    ),
                ),
            ],
            options={
                "verbose_name": "numbers in an access log entry",
                "verbose_name_plural": "numbers in access log entries",
                "ordering": ["entry", "pk"],
                "indexes": [models.Index(fields=["lowest", "highest"], name="access_log_ids_idx")],
            },
        ),
    ]
