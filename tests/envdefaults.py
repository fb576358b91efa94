"""Loaded by pytest before Django (``-p tests.envdefaults`` in pyproject.toml): the settings
read the environment at import, so test defaults must be in place first."""

import os

# Production-like settings (DEBUG off) need a secret key; tests use a throwaway one.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
# The test client speaks plain http; the HTTPS redirect is checked by `check --deploy`.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
# Kept results go to a directory of this run's own, never one an earlier run filled.
if not os.environ.get("REDIS_URL"):
    import tempfile

    os.environ.setdefault("NEWSARCHIVE_CACHE_DIR", tempfile.mkdtemp(prefix="newsarchive-cache-"))
