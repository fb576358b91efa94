import os

# Settings refuse to start without a secret key outside debug mode; tests run without DEBUG.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
