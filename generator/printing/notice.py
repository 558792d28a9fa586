"""What makes a sheet an official notice: the issuing body printed in its red header (红头) and
in its 落款, and the date of the 落款."""

from __future__ import annotations

from datetime import date

from generator.model.items import Place

# The body that issues a place's notices, by how the place's name ends, when site.yaml does
# not name it (`office:`): 振华街道 → 振华街道办事处, 幸福里社区 → 幸福里社区居民委员会.
OFFICE_SUFFIXES = (
    ("街道", "办事处"),
    ("社区", "居民委员会"),
    ("村", "村民委员会"),
    ("镇", "人民政府"),
    ("乡", "人民政府"),
    ("区", "人民政府"),
    ("县", "人民政府"),
    ("市", "人民政府"),
)


def issuer(place: Place) -> str:
    """The issuing body of a place's notices: `office` from site.yaml, else made from the
    place's name."""
    if place.office:
        return place.office
    for ending, body in OFFICE_SUFFIXES:
        if place.name.endswith(ending):
            return place.name + body
    return place.name


def week_issued(days: list[date]) -> date:
    """The date in the 落款 of a weekly sheet: the Monday of its week."""
    return days[0]


def month_issued(month: str) -> date:
    """The date in the 落款 of a monthly sheet ("YYYY-MM"): the first of the month."""
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, 1)
