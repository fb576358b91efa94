#!/bin/sh
# Container start: apply migrations, then hand the process over to gunicorn.
set -eu

if [ -z "${DATABASE_URL:-}" ]; then
    echo "DATABASE_URL is not set: point it at the PostgreSQL server (see docker-compose.yml)." >&2
    exit 1
fi

python manage.py migrate --noinput
# Kept pages link the static files of the build that made them: start this build afresh.
python manage.py shell -c "from django.core.cache import cache; cache.clear()"
# WEB_CONCURRENCY and WEB_TIMEOUT as for `make run` (newsarchive/gunicorn_conf.py)
exec gunicorn --config python:newsarchive.gunicorn_conf --bind 0.0.0.0:8000
