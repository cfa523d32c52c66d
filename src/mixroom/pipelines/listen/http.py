"""Polite HTTP for network sources, over an injected ``httpx.Client``.

It honours the servers' rate limits: a 429 waits for ``Retry-After`` (seconds or an HTTP date)
or the limit's reset time; when ``X-RateLimit-Remaining`` (Mastodon) or ``RateLimit-Remaining``
(Bluesky) reaches 0 it waits for ``X-RateLimit-Reset``/``RateLimit-Reset`` before the next
request. Server errors and broken connections are retried with exponential backoff. What still
fails raises ``ImportFailed`` with the reason, which the source turns into a collection gap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from mixroom.errors import ImportFailed

USER_AGENT = "mixroom (+https://github.com/mixroom; social listening for museums)"


class Fetcher:
    """GET with retries, backoff and rate-limit waits; ``sleep`` and ``now`` are injectable."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.client = client
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep
        self.now = now
        self.requests = 0
        self.waited: list[float] = []
        self._resume_at: datetime | None = None

    def get_json(
        self, url: str, params: dict[str, Any] | None = None
    ) -> tuple[Any, httpx.Response]:
        response = self.get(url, params)
        try:
            return response.json(), response
        except ValueError as error:
            raise ImportFailed(f"{url}: the answer is not JSON") from error

    def get(self, url: str, params: dict[str, Any] | None = None) -> httpx.Response:
        failures = 0
        while True:
            self._wait_for_quota()
            self.requests += 1
            try:
                response = self.client.get(url, params=params, headers={"User-Agent": USER_AGENT})
            except httpx.TransportError as error:
                failures = self._retry_or_fail(failures, f"{url}: {type(error).__name__}")
                continue
            self._note_quota(response)
            if response.status_code == 429:
                self._pause(self._retry_after(response, failures), url)
                self._resume_at = None  # that wait was the quota's reset already
                failures += 1
                if failures > self.retries:
                    raise ImportFailed(f"{url}: still rate limited after {failures} tries")
                continue
            if response.status_code >= 500:
                failures = self._retry_or_fail(failures, f"{url}: HTTP {response.status_code}")
                continue
            if response.status_code >= 400:
                raise ImportFailed(f"{url}: HTTP {response.status_code}")
            return response

    def _retry_or_fail(self, failures: int, reason: str) -> int:
        failures += 1
        if failures > self.retries:
            raise ImportFailed(f"{reason} after {failures} tries")
        self._pause(float(self.backoff * 2 ** (failures - 1)), reason)
        return failures

    def _pause(self, seconds: float, why: str) -> None:
        if seconds > self.max_wait:
            raise ImportFailed(
                f"{why}: asked to wait {seconds:.0f} s, more than {self.max_wait:.0f}"
            )
        if seconds > 0:
            self.waited.append(seconds)
            self.sleep(seconds)

    def _retry_after(self, response: httpx.Response, failures: int) -> float:
        header = response.headers.get("Retry-After")
        if header:
            if header.strip().isdigit():
                return float(header)
            try:
                moment = parsedate_to_datetime(header)
            except (TypeError, ValueError):
                moment = None
            if moment is not None:
                return max(0.0, (moment - self.now()).total_seconds())
        reset = self._reset_time(response)
        if reset is not None:
            return max(0.0, (reset - self.now()).total_seconds())
        return float(self.backoff * 2**failures)

    def _note_quota(self, response: httpx.Response) -> None:
        headers = response.headers
        remaining = headers.get("X-RateLimit-Remaining") or headers.get("RateLimit-Remaining")
        if remaining is not None and remaining.strip() == "0":
            self._resume_at = self._reset_time(response)

    def _reset_time(self, response: httpx.Response) -> datetime | None:
        value = response.headers.get("X-RateLimit-Reset") or response.headers.get("RateLimit-Reset")
        if not value:
            return None
        value = value.strip()
        try:
            if value.replace(".", "", 1).isdigit():
                number = float(value)
                # Bluesky sends epoch seconds; some servers send seconds to wait
                if number > 1e9:
                    return datetime.fromtimestamp(number, UTC)
                return self.now().astimezone(UTC) + timedelta(seconds=number)
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None

    def _wait_for_quota(self) -> None:
        if self._resume_at is None:
            return
        seconds = (self._resume_at - self.now()).total_seconds()
        self._resume_at = None
        self._pause(seconds, "rate limit quota used up")
