"""Staff queries of the reports domain: the board pack's figures (needs reports.view_boardpack)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from steward.graphql import permissions
from steward.reports.figures import board_pack_figures, period_containing

from .types import BoardPackType, PeriodKindEnum, board_pack_type

VIEW_BOARD_PACK = "reports.view_boardpack"
BOARD_PACK_MESSAGE = "You need permission to view the board pack."


@strawberry.type
class ReportsQuery:
    @strawberry.field(
        extensions=[permissions.has_perm(VIEW_BOARD_PACK, message=BOARD_PACK_MESSAGE, fail_silently=True)],
        description="Staff: the board pack's figures for the period containing a day, and the same period a year "
        "before (needs reports.view_boardpack; null without it).",
    )
    def board_pack(
        self,
        kind: Annotated[PeriodKindEnum, strawberry.argument(description="Month, fiscal quarter or fiscal year.")],
        day: Annotated[dt.date, strawberry.argument(description="Any day in the period.")],
    ) -> BoardPackType | None:
        return board_pack_type(board_pack_figures(period_containing(kind.value, day)))
