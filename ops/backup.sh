#!/bin/sh
# A backup of everything the application keeps (docs/operations.md, Backups): the database
# (pg_dump, custom format) and the uploaded files the database names, into one folder.
# Run it where the application runs, with its environment (DATABASE_URL, storage settings).
# Usage: ops/backup.sh FOLDER
set -eu
folder=${1:?usage: ops/backup.sh FOLDER}
mkdir -p "$folder"
pg_dump --format=custom --no-owner --no-privileges --file "$folder/database.dump" "$DATABASE_URL"
"${PYTHON:-python}" manage.py files_backup "$folder/files"
echo "Backup in $folder"
