"""Django's Redis cache, made cheaper for the hot path (each point measured with cProfile).

- Django's backend builds a new `redis.Redis` for every cache call; with redis-py 6 that
  costs about 0.3 ms, a third of a cached public request. The client is thread-safe and
  shares its connection pool, so one per server is enough.
- `incr` (every rate-limited request) is one atomic round trip instead of EXISTS + INCRBY,
  with the same contract: ValueError when the key does not exist.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return nil
"""


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._incr_scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(INCR_IF_EXISTS)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value


class PulseRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
