"""The failed-login limits: per account from an address, per address, per account."""

from __future__ import annotations

from interlist.access import lockout
from interlist.access.lockout import LoginLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _fail(limiter: LoginLimiter, account: str, address: str, times: int) -> list[object]:
    return [limiter.failed(account, address) for _ in range(times)]


def test_five_failures_lock_the_account_for_that_address_only() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock)
    started = _fail(limiter, "vic", "10.0.0.1", lockout.PAIR_FAILURES)
    assert started[:-1] == [None] * (lockout.PAIR_FAILURES - 1)
    assert started[-1] == lockout.Lock("account", "pair", lockout.LOCK_SECONDS)
    lock = limiter.check("vic", "10.0.0.1")
    assert lock is not None and lock.scope == "account" and lock.minutes == 15
    assert limiter.check("vic", "10.0.0.2") is None  # the owner elsewhere
    assert limiter.check("ana", "10.0.0.1") is None  # other accounts from that address
    clock.now += lockout.LOCK_SECONDS - 59
    assert limiter.check("vic", "10.0.0.1") == lockout.Lock("account", "pair", 59)
    clock.now += 60
    assert limiter.check("vic", "10.0.0.1") is None  # the lockout ends


def test_failures_outside_the_window_do_not_count() -> None:
    clock = Clock()
    limiter = LoginLimiter(clock)
    for _ in range(lockout.PAIR_FAILURES * 2):
        assert limiter.failed("vic", "10.0.0.1") is None
        clock.now += lockout.WINDOW / (lockout.PAIR_FAILURES - 1) + 1


def test_success_clears_the_pair_failures() -> None:
    limiter = LoginLimiter(Clock())
    _fail(limiter, "vic", "10.0.0.1", lockout.PAIR_FAILURES - 1)
    limiter.succeeded("vic", "10.0.0.1")
    assert _fail(limiter, "vic", "10.0.0.1", lockout.PAIR_FAILURES - 1) == [None] * 4


def test_one_address_trying_many_accounts_is_locked() -> None:
    limiter = LoginLimiter(Clock())
    started = [limiter.failed(f"user{n}", "10.0.0.9") for n in range(lockout.ADDRESS_FAILURES)]
    assert started[-1] == lockout.Lock("address", "address", lockout.LOCK_SECONDS)
    assert limiter.check("someone-else", "10.0.0.9") is not None
    assert limiter.check("someone-else", "10.0.0.10") is None


def test_many_addresses_lock_the_account_but_not_for_its_known_addresses() -> None:
    limiter = LoginLimiter(Clock())
    limiter.succeeded("vic", "192.0.2.1")  # the owner's usual address
    for n in range(lockout.ACCOUNT_FAILURES):
        limiter.failed("vic", f"198.51.100.{n}")
    assert limiter.check("vic", "198.51.100.250") == lockout.Lock(
        "account", "account", lockout.LOCK_SECONDS
    )
    assert limiter.check("vic", "192.0.2.1") is None  # the owner is not kept out
    assert limiter.check("ana", "198.51.100.250") is None
