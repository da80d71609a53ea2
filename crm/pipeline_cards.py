"""The pipeline board's columns and cards: what each card shows, worked out once per board so that
the template only prints it. A board has up to 200 cards and uses most values of a card twice or
three times, so each value is escaped here once, and the cards are dicts, which the template
language looks up first."""

from dataclasses import dataclass
from html import escape
from typing import TypedDict

from django.utils.safestring import SafeString

from travault.display import urls_for, whole_amount

from .models import Stage
from .selectors import PipelineColumn


def _html(text: str) -> SafeString:
    """``text`` escaped for HTML, as the template would escape it."""
    return SafeString(escape(text))


class Card(TypedDict):
    name: SafeString
    url: SafeString
    move_url: SafeString
    field_id: SafeString
    spend: SafeString
    details: SafeString


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    count: int
    total: str
    more: int
    more_spend: str
    stage_options: SafeString
    cards: list[Card]


def stage_options(selected: str) -> SafeString:
    """The options of a card's stage picker, ``selected`` chosen."""
    return SafeString(
        "".join(
            f'<option value="{_html(value)}"{" selected" if value == selected else ""}>{_html(label)}</option>'
            for value, label in Stage.choices
        )
    )


def board_columns(columns: list[PipelineColumn], *, currency: str) -> list[BoardColumn]:
    """What the board shows of ``columns``, amounts in ``currency``."""
    company_url = urls_for("crm:company-detail", "company")
    move_url = urls_for("crm:company-move", "company")
    spend_prefix = f" · {currency} "
    board = []
    for column in columns:
        cards = []
        for company in column.companies:
            key = str(company.uuid)
            spend = company.expected_annual_spend
            owner = f"{company.owner_first_name or ''} {company.owner_last_name or ''}".strip() or "No owner"
            cards.append(
                {
                    "name": _html(company.name),
                    "url": _html(company_url(key)),
                    "move_url": _html(move_url(key)),
                    "field_id": _html(f"stage-{key}"),
                    "spend": SafeString("0" if spend is None else str(spend)),
                    "details": _html(owner if spend is None else f"{owner}{spend_prefix}{whole_amount(spend)}"),
                }
            )
        board.append(
            BoardColumn(
                stage=column.stage,
                label=column.label,
                count=column.count,
                total=whole_amount(column.total_spend),
                more=column.more,
                more_spend=str(column.more_spend),
                stage_options=stage_options(column.stage),
                cards=cards,
            )
        )
    return board
