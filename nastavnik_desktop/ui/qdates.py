"""Qt's dates and the date format of every date editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate

DATE_FORMAT = "dd.MM.yyyy"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())
