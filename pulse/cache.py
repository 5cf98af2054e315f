"""Django's Redis cache, made cheaper for the hot path (each point measured with cProfile).

- Django's backend builds a new `redis.Redis` for every cache call; with redis-py 6 that
  costs about 0.3 ms, a third of a cached public request. One client per server is
  enough, and it holds its connection (see get_client).
- `incr` is one atomic round trip instead of EXISTS + INCRBY, with the same contract:
  ValueError when the key does not exist. django-ratelimit counts with add + incr, so a
  rate-limit counter costs two round trips, and a counter that expires between Django's
  EXISTS and INCRBY can no longer come back without an expiry (a window that never ends).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import NoScriptError

INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return nil
"""


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        # One connection held per client instead of a pool checkout per command: the pool's
        # "has this connection unread data?" check is a non-blocking recv, a syscall as dear
        # as the reply's own. redis-py locks a single-connection client, so threads may share it.
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool, single_connection_client=True)
        return client

    def _run_script(self, source, keys, args):
        """EVALSHA straight through execute_command (redis-py's Script wrapper costs about
        as much as the rest of the call); loads the script when Redis does not know it."""
        client = self.get_client(write=True)
        sha = self._scripts.get(source)
        if sha is not None:
            try:
                return client.execute_command("EVALSHA", sha, len(keys), *keys, *args)
            except NoScriptError:
                pass
        sha = self._scripts[source] = client.script_load(source)
        return client.execute_command("EVALSHA", sha, len(keys), *keys, *args)

    def incr(self, key, delta):
        value = self._run_script(INCR_IF_EXISTS, [key], [delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class PulseRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
