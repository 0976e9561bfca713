#!/bin/sh
# Puts a backup of ops/backup.sh back: into the empty database DATABASE_URL names, then its
# files into the storage the settings name (a folder or a bucket), each checked against its
# SHA-256. Then the migrations of the release that runs now. Usage: ops/restore.sh FOLDER
set -eu
folder=${1:?usage: ops/restore.sh FOLDER}
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$folder/database.dump"
"${PYTHON:-python}" manage.py migrate --noinput
"${PYTHON:-python}" manage.py files_restore "$folder/files"
echo "Restored from $folder"
