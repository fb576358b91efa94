"""The file cache of the embedded default (settings.CACHES), with a cheaper check for room.

Django's FileBasedCache lists every file of the cache on each write to see whether it is
full. With the whole pages readers are served kept there (articles/listcache.py) the cache
holds thousands of entries, and that listing cost about 9 ms a write at 4,000 entries, most
of the cost of a first search (docs/benchmarks.md). This one looks at a process's first write
and then once every ``CULL_EVERY`` writes, so the cache may pass MAX_ENTRIES by at most
``CULL_EVERY`` entries per process before a third of it goes, as before.
"""

from django.core.cache.backends.filebased import FileBasedCache as DjangoFileBasedCache

CULL_EVERY = 100


class FileBasedCache(DjangoFileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % CULL_EVERY != 1:
            return
        super()._cull()
