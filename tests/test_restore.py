"""The restore test (docs/operations.md, Backups): the demo region in a database and a
bucket, backed up with ops/backup.sh, restored with ops/restore.sh into a new database and a
new bucket, serves the same signals and photos."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

from benchmark.server import database_url

from .support.s3 import s3_server

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL's"
)


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{args}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def maintenance():
    db = connection.settings_dict
    link = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    link.autocommit = True  # CREATE and DROP DATABASE run outside a transaction
    return link


def test_a_backup_of_the_demo_restores_into_a_new_database_and_bucket(tmp_path):
    names = [f"restore_{which}_{uuid.uuid4().hex[:8]}" for which in ("from", "to")]
    link = maintenance()
    with link.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base = database_url().rsplit("/", 1)[0]
    try:
        with s3_server() as s3:
            envs = []
            for name in names:
                envs.append(
                    {
                        **{k: v for k, v in os.environ.items() if not k.startswith("S3_")},
                        "DJANGO_SETTINGS_MODULE": "buurtpreventie.settings",
                        "ENV_FILE": "",
                        "DEBUG": "True",  # the demo's settings, as `make run` seeds it
                        "MFA_REQUIRED": "False",
                        "REDIS_URL": "",
                        "CELERY_TASK_ALWAYS_EAGER": "True",
                        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
                        "LOG_LEVEL": "WARNING",
                        "PYTHON": sys.executable,
                        "DATABASE_URL": f"{base}/{name}",
                        **s3.environment(s3.new_bucket()),
                    }
                )
            source, target = envs
            run([sys.executable, "manage.py", "migrate", "--noinput"], source)
            run([sys.executable, "manage.py", "seed_demo"], source)
            backup = tmp_path / "backup"
            run(["sh", "ops/backup.sh", str(backup)], source)
            assert (backup / "database.dump").stat().st_size > 0
            run(["sh", "ops/restore.sh", str(backup)], target)

            served = [
                json.loads(
                    run([sys.executable, "-m", "tests.support.served"], env).splitlines()[-1]
                )
                for env in (source, target)
            ]
            assert served[0] == served[1]
            assert served[0]["photos"], "the demo's photo was served"
            assert all(status == 200 for status, _ in served[0]["photos"].values())
            assert all(status == 200 for status, _ in served[0]["pages"].values())
            keys = [sorted(s3.keys(env["S3_BUCKET"])) for env in (source, target)]
            assert keys[0] == keys[1] != []
    finally:
        with link.cursor() as cursor:
            for name in names:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        link.close()
