"""Failed logins limited per account and per address, without letting anyone keep an
account's owner out.

Three limits, each over a sliding WINDOW of failed logins (see docs/access.md):

- **account from an address** (the pair): PAIR_FAILURES failures for one account from
  one address lock that account *for that address* for LOCK_SECONDS. Someone guessing
  wrong on purpose locks out only themselves: the owner, at another address, logs in.
- **address**: ADDRESS_FAILURES failures from one address, whatever the accounts, lock
  that address for LOCK_SECONDS (one address trying many accounts).
- **account**: ACCOUNT_FAILURES failures for one account from any addresses lock the
  account for LOCK_SECONDS, except from the addresses it has logged in from before
  (KNOWN_ADDRESSES kept per account): guessing from many addresses stops, and the owner,
  from an address they used before, still logs in.

While locked, a login is refused without checking the password. A lockout is not
extended by attempts made during it. The counts are kept in memory by each server
process: a restart clears them, and with N processes an address may try N times as
often. The address is the TCP peer (behind a reverse proxy, run uvicorn with its proxy
headers trusted so that the client's address is seen).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

PAIR_FAILURES = 5
ADDRESS_FAILURES = 20
ACCOUNT_FAILURES = 50
WINDOW = 15 * 60  # seconds over which failures are counted
LOCK_SECONDS = 15 * 60  # how long a lockout lasts
KNOWN_ADDRESSES = 20  # addresses remembered per account (its successful logins)
MAX_TRACKED = 10_000  # keys kept per table; the oldest are forgotten first

ACCOUNT, ADDRESS = "account", "address"


@dataclass(frozen=True)
class Lock:
    """A lockout in force: what is locked (`account` or `address`), why, for how long."""

    scope: str  # ACCOUNT (for this address, or from unknown addresses) or ADDRESS
    reason: str  # "pair", "address" or "account": which limit was reached
    seconds: int  # until it ends, rounded up

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


@dataclass
class _Track:
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


class LoginLimiter:
    """The failed-login counts of one server process (thread-safe)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._pairs: OrderedDict[tuple[str, str], _Track] = OrderedDict()
        self._addresses: OrderedDict[str, _Track] = OrderedDict()
        self._accounts: OrderedDict[str, _Track] = OrderedDict()
        self._known: OrderedDict[str, OrderedDict[str, None]] = OrderedDict()

    def check(self, account: str, address: str) -> Lock | None:
        """The lockout that refuses this login now, if any (checked before the password)."""
        now = self.clock()
        with self._lock:
            pair = self._pairs.get((account, address))
            if pair is not None and pair.locked_until > now:
                return Lock(ACCOUNT, "pair", _seconds(pair.locked_until - now))
            track = self._addresses.get(address)
            if track is not None and track.locked_until > now:
                return Lock(ADDRESS, "address", _seconds(track.locked_until - now))
            track = self._accounts.get(account)
            if (
                track is not None
                and track.locked_until > now
                and not self._is_known(account, address)
            ):
                return Lock(ACCOUNT, "account", _seconds(track.locked_until - now))
        return None

    def failed(self, account: str, address: str) -> Lock | None:
        """Count a failed login; the lockout it starts, if it reaches a limit."""
        now = self.clock()
        started: Lock | None = None
        with self._lock:
            limits = (
                (self._pairs, (account, address), PAIR_FAILURES, ACCOUNT, "pair"),
                (self._addresses, address, ADDRESS_FAILURES, ADDRESS, "address"),
                (self._accounts, account, ACCOUNT_FAILURES, ACCOUNT, "account"),
            )
            for table, key, limit, scope, reason in limits:
                track = _track(table, key)  # type: ignore[arg-type]
                _count(track, now)
                if len(track.failures) >= limit and track.locked_until <= now:
                    track.locked_until = now + LOCK_SECONDS
                    track.failures.clear()
                    started = started or Lock(scope, reason, LOCK_SECONDS)
        return started

    def succeeded(self, account: str, address: str) -> None:
        """A correct login: the pair's failures are forgotten, the address is known."""
        with self._lock:
            self._pairs.pop((account, address), None)
            known = self._known.pop(account, None) or OrderedDict()
            known.pop(address, None)
            known[address] = None
            while len(known) > KNOWN_ADDRESSES:
                known.popitem(last=False)
            self._known[account] = known
            while len(self._known) > MAX_TRACKED:
                self._known.popitem(last=False)

    def _is_known(self, account: str, address: str) -> bool:
        return address in self._known.get(account, ())


def _track(table: OrderedDict[object, _Track], key: object) -> _Track:
    found = table.pop(key, None) or _Track()
    table[key] = found  # most recently used last
    while len(table) > MAX_TRACKED:
        table.popitem(last=False)
    return found


def _count(track: _Track, now: float) -> None:
    track.failures.append(now)
    while track.failures and track.failures[0] <= now - WINDOW:
        track.failures.popleft()


def _seconds(remaining: float) -> int:
    return max(1, int(-(-remaining // 1)))
