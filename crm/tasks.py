from celery import shared_task
from django.core.cache import cache

from .diffbot import DiffbotError, diffbot_company_lookup
from .selectors import enrichment_cache_key
from .services import ENRICHMENT_TTL


@shared_task(acks_late=True)
def company_enrichment_fetch(*, agency_id: int, lookup: str, website: str) -> None:
    """Look ``website`` up on Diffbot and leave the outcome in the cache for the agency's form to read."""
    key = enrichment_cache_key(agency_id=agency_id, lookup=lookup)
    if (cache.get(key) or {}).get("status") != "pending":
        return
    try:
        outcome = {"status": "done", "fields": diffbot_company_lookup(website)}
    except DiffbotError as exc:
        outcome = {"status": "failed", "message": str(exc)}
    cache.set(key, outcome, ENRICHMENT_TTL)
