#!/bin/sh
# Container start: apply migrations, then hand the process over to gunicorn.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: point it at the PostgreSQL server (see docker-compose.yml)." >&2
    exit 1
fi

python manage.py migrate --noinput
exec gunicorn newsarchive.wsgi \
    --bind 0.0.0.0:8000 \
    --workers "${WEB_CONCURRENCY:-2}" \
    --access-logfile -
