# The archive behind gunicorn, for a PostgreSQL server named by DATABASE_URL
# (docker-compose.yml runs one beside it). Never the embedded server: without DATABASE_URL
# the settings would start one inside the container, so the entrypoint refuses to run.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock

COPY . .

# Settings need a secret key and a database to import; collectstatic touches neither, so
# throwaway values that stay in this layer's command line, not in the image's environment.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only \
    DATABASE_URL=postgres://build@build.invalid/build \
    python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --user-group --home-dir /app --no-create-home newsarchive
USER newsarchive
# Without REDIS_URL, kept results go to files the processes share; /app is not writable.
ENV NEWSARCHIVE_CACHE_DIR=/tmp/newsarchive-cache

EXPOSE 8000
CMD ["/bin/sh", "docker/entrypoint.sh"]
