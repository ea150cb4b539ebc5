"""Django's Redis cache backend, with one Redis client per connection pool.

Django's backend makes a new `redis.Redis` for every cache operation, and each one builds
its own table of about 160 response callbacks; a page served from the page cache makes one
or two operations, a page built from fragments about ten. The client is safe to share
between threads (each command takes a connection from the pool), so it is made once."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
