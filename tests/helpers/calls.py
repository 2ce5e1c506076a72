"""Counting the calls of a service a page makes, and a day the page takes for today: the tests
that a page reads again only after a change it shows, or on a new day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest


class Calls:
    """Wraps a service function and counts the calls: `count` the whole reads, `partial` those
    given `partial_key` (a read of a few people or pairs only)."""

    def __init__(self, function: Callable[..., Any], partial_key: str | None = None) -> None:
        self.function, self.partial_key = function, partial_key
        self.count = self.partial = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.partial_key is not None and kwargs.get(self.partial_key) is not None:
            self.partial += 1
        else:
            self.count += 1
        return self.function(*args, **kwargs)


class Day:
    """The day `module`'s `dt.date.today()` returns; move it on with `day.date = …`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, module: ModuleType,
                 date: dt.date) -> None:
        self.date = date
        owner = self

        class _Date(dt.date):
            @classmethod
            def today(cls) -> dt.date:
                return owner.date

        monkeypatch.setattr(module, "dt", SimpleNamespace(date=_Date, datetime=dt.datetime,
                                                          timedelta=dt.timedelta))
