"""The build's notion of "now": SOURCE_DATE_EPOCH when set, so builds can be reproduced."""

from __future__ import annotations

import os
from datetime import datetime
from zoneinfo import ZoneInfo

from generator.errors import BulletinError
from generator.i18n import _


def build_time(zone: ZoneInfo) -> datetime:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.now(zone)
    try:
        return datetime.fromtimestamp(int(value), tz=zone)
    except (ValueError, OverflowError, OSError):
        raise BulletinError(
            _("SOURCE_DATE_EPOCH must be whole seconds since 1970, not {value!r}").format(
                value=value
            )
        ) from None
