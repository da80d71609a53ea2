"""The pipeline board's columns and cards: what each card shows, worked out once per board, and the
card itself rendered once per board and filled in per card (a board has up to 200 cards, each of
which a template would render from a dozen variables and two ifs)."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString

from travault.display import HtmlList, full_name, row_template, urls_for, whole_amount

from .models import Stage
from .selectors import PipelineColumn

CARD_FIELDS = ("name", "uuid", "url", "move_url", "spend", "details", "stage_options")


@dataclass(frozen=True)
class BoardColumn:
    stage: str
    label: str
    count: int
    total: str
    more: int
    more_spend: str
    cards: HtmlList


def stage_options(selected: str) -> SafeString:
    """The options of a card's stage picker, ``selected`` chosen."""
    return SafeString(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
            for value, label in Stage.choices
        )
    )


def board_columns(
    columns: list[PipelineColumn], *, currency: str, editable: bool, csrf_input: SafeString
) -> list[BoardColumn]:
    """What the board shows of ``columns``, amounts in ``currency``; the cards of an ``editable``
    board have a stage form, which posts ``csrf_input``."""
    card = row_template("crm/_pipeline_card.html", CARD_FIELDS, {"editable": editable, "csrf_input": csrf_input})
    company_url = urls_for("crm:company-detail", "company")
    move_url = urls_for("crm:company-move", "company")
    spend_prefix = f" · {currency} "
    board = []
    for column in columns:
        options = stage_options(column.stage)
        cards = HtmlList()
        for company in column.companies:
            key = str(company.uuid)
            spend = company.expected_annual_spend
            owner = full_name(company.owner_first_name, company.owner_last_name) or "No owner"
            cards.append(
                card(
                    name=company.name,
                    uuid=key,
                    url=company_url(key),
                    move_url=move_url(key),
                    spend="0" if spend is None else str(spend),
                    details=owner if spend is None else f"{owner}{spend_prefix}{whole_amount(spend)}",
                    stage_options=options,
                )
            )
        board.append(
            BoardColumn(
                stage=column.stage,
                label=column.label,
                count=column.count,
                total=whole_amount(column.total_spend),
                more=column.more,
                more_spend=str(column.more_spend),
                cards=cards,
            )
        )
    return board
