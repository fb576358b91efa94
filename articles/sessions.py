"""Django's database sessions, refusing a session key Django could not have made."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    """A cookie's key is only looked up when it is made of the characters Django's keys are
    made of: a NUL (a quoted cookie's "\\000") would reach PostgreSQL, which refuses it with
    an error, and the reader would get a 500 instead of no session."""

    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and set(key) <= set(VALID_KEY_CHARS)
