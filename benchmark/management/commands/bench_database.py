"""Create the benchmark's PostgreSQL database when it does not exist yet (or afresh)."""

import psycopg2
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg2 import sql


class Command(BaseCommand):
    help = "Create the database DATABASE_URL names (PostgreSQL) if it is missing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fresh", action="store_true", help="drop it first if it exists")

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        db = connection.settings_dict
        params = {
            "dbname": "postgres",
            "user": db["USER"],
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
        }
        maintenance = psycopg2.connect(**params)
        maintenance.autocommit = True  # CREATE DATABASE runs outside a transaction
        try:
            with maintenance.cursor() as cursor:
                name = sql.Identifier(db["NAME"])
                if options["fresh"]:
                    cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
                if cursor.fetchone():
                    return
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
        finally:
            maintenance.close()
        self.stdout.write(f"Created the database {db['NAME']}.")
