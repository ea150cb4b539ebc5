"""The Redis cache backend the site runs on in production (home/redis_cache.py): Django's,
with one Redis client per connection pool instead of one per operation. Against the Redis
server on 127.0.0.1:6379, as in production; its outages are tested in
test_page_cache_faults.py."""

import threading

import pytest

from home.redis_cache import SharedClientRedisCache


@pytest.fixture
def redis_cache():
    cache = SharedClientRedisCache(
        "redis://127.0.0.1:6379/13", {"KEY_PREFIX": "scn-test-redis-cache"}
    )
    try:
        cache.clear()
    except Exception as error:  # noqa: BLE001
        pytest.fail(f"Redis on 127.0.0.1:6379 is needed for this test: {error}")
    yield cache
    cache.clear()


def test_it_stores_reads_and_forgets_as_djangos_backend_does(redis_cache):
    redis_cache.set("page", {"content": b"<html>"}, timeout=60)
    assert redis_cache.add("page", "other") is False
    assert redis_cache.add("fragment", "<header>") is True
    assert redis_cache.get_many(["page", "fragment", "missing"]) == {
        "page": {"content": b"<html>"},
        "fragment": "<header>",
    }
    assert redis_cache.get_or_set("count", 1) == 1
    assert redis_cache.incr("count") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page", "gone") == "gone"
    redis_cache.set("short", 1, timeout=0)
    assert redis_cache.get("short") is None


def test_every_operation_and_thread_shares_one_client(redis_cache):
    seen = []

    def operate():
        redis_cache.get("anything")
        seen.append(redis_cache._cache.get_client())

    threads = [threading.Thread(target=operate) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    redis_cache.set("written", 1)
    seen.append(redis_cache._cache.get_client(write=True))
    assert len({id(client) for client in seen}) == 1
