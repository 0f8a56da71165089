"""When a record holds: the one validity-window type of the cooperation records.

A responsibility, agreement, forum or dual role holds from its ``yp:validFrom`` to its
``yp:validTo``, both days included; a missing bound is open. An event holds on its
``dcterms:date`` alone. A period asked about (a council term, a network's time filter) is a
window of the same type, so "valid on a day", "valid at some time in a period" and "ended
within a span" are each said once, here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Day = dt.date | None


def to_day(value: object) -> Day:
    """A day from a date, an ISO 8601 date or date-time text, or ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class Validity:
    """The days ``start``–``end``, both included; ``None`` is an open bound."""

    start: Day = None
    end: Day = None

    @classmethod
    def of(cls, start: object = None, end: object = None) -> Validity:
        """From the values a query gives (dates, ISO texts or ``None``)."""
        return cls(to_day(start), to_day(end))

    @classmethod
    def day(cls, value: object) -> Validity:
        """The one day an event holds on."""
        day = to_day(value)
        return cls(day, day)

    def covers(self, day: dt.date) -> bool:
        """Whether the record holds on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, *others: Validity) -> bool:
        """Whether some day lies in this window and in every one of ``others``."""
        windows = (self, *others)
        starts = [w.start for w in windows if w.start is not None]
        ends = [w.end for w in windows if w.end is not None]
        return not starts or not ends or max(starts) <= min(ends)

    def ended_within(self, first: dt.date, before: dt.date) -> bool:
        """Whether the record ended on a day from ``first`` up to (not including) ``before``."""
        return self.end is not None and first <= self.end < before


ALWAYS = Validity()


def span_end(first: dt.date, precision: str) -> dt.date:
    """The last day of the ``precision`` (``day``, ``month`` or ``year``) that starts on
    ``first``: a date a source gives only to the month or year spans all of it."""
    if precision == "year":
        return first.replace(month=12, day=31)
    if precision == "month":
        following = first.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    return first
