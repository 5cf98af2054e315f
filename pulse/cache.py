"""Django's Redis cache, made cheaper for the hot path (each point measured with cProfile).

- Django's backend builds a new `redis.Redis` for every cache call; with redis-py 6 that
  costs about 0.3 ms, a third of a cached public request. The client is thread-safe and
  shares its connection pool, so one per server is enough.
- `incr` is one atomic round trip instead of EXISTS + INCRBY, with the same contract:
  ValueError when the key does not exist.
- `count_and_get` counts a request against all its rate-limit counters and reads one more
  key (a cached list's ETag) in a single round trip: every public request pays it once.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) end
return nil
"""

# KEYS: the counters, then optionally the key to read. ARGV: the counters' lifetimes.
COUNT_AND_GET = """
local result = {}
for i = 1, #ARGV do
  local count = redis.call('INCR', KEYS[i])
  if count == 1 then redis.call('EXPIRE', KEYS[i], ARGV[i]) end
  result[i] = count
end
if #KEYS > #ARGV then result[#ARGV + 1] = redis.call('GET', KEYS[#KEYS]) end
return result
"""


def count_and_get(cache, counters, read_key=None):
    """Add one to each `(key, seconds)` counter (new ones live `seconds`) and read `read_key`.

    Returns (counts, value of read_key or None). One round trip on Pulse's Redis backend;
    on any other Django cache the same through its own API (add + incr per counter).
    """
    if hasattr(cache, "count_and_get"):
        return cache.count_and_get(counters, read_key)
    counts = []
    for key, seconds in counters:
        cache.add(key, 0, seconds)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)
            counts.append(1)
    return counts, (cache.get(read_key) if read_key is not None else None)


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def _script(self, client, source):
        script = self._scripts.get((id(client), source))
        if script is None:
            script = self._scripts[(id(client), source)] = client.register_script(source)
        return script

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        value = self._script(client, INCR_IF_EXISTS)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def count_and_get(self, counter_keys, lifetimes, read_key):
        client = self.get_client(write=True)
        keys = [*counter_keys, *([read_key] if read_key is not None else [])]
        result = self._script(client, COUNT_AND_GET)(keys=keys, args=lifetimes)
        counts = [int(count) for count in result[: len(lifetimes)]]
        raw = result[len(lifetimes)] if len(result) > len(lifetimes) else None
        return counts, (self._serializer.loads(raw) if raw is not None else None)


class PulseRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def count_and_get(self, counters, read_key=None):
        keys = [self.make_and_validate_key(key) for key, _ in counters]
        lifetimes = [int(seconds) for _, seconds in counters]
        read = self.make_and_validate_key(read_key) if read_key is not None else None
        return self._cache.count_and_get(keys, lifetimes, read)
