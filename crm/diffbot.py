"""Company details from a website through Diffbot's Analyze API.

The token is read from the environment and travels only in the request to Diffbot: it is never
returned, logged or put into an exception message.
"""

import logging

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

ANALYZE_URL = "https://api.diffbot.com/v3/analyze"
TIMEOUT_SECONDS = 10
FIELDS = ("name", "street", "city", "region", "postcode", "country", "phone", "email", "description", "linkedin")


class DiffbotError(Exception):
    """Diffbot could not tell us about the website; the message is safe to show to a user."""


def diffbot_enabled() -> bool:
    return bool(settings.DIFFBOT_TOKEN)


def _first(items):
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _name(value):
    return value.get("name", "") if isinstance(value, dict) else (value or "")


def _company_fields(obj: dict) -> dict:
    location = _first(obj.get("locations"))
    emails = [e.get("contactString", "") for e in obj.get("emailAddresses") or [] if isinstance(e, dict)]
    linkedin = next((uri for uri in obj.get("allUris") or [] if "linkedin.com" in str(uri)), "")
    if linkedin and not linkedin.startswith("http"):
        linkedin = f"https://{linkedin}"
    found = {
        "name": obj.get("name") or obj.get("title") or "",
        "street": location.get("street", ""),
        "city": _name(location.get("city")),
        "region": _name(location.get("region")) or location.get("state", ""),
        "postcode": location.get("postalCode", ""),
        "country": _name(location.get("country")),
        "phone": _first(obj.get("phoneNumbers")).get("string", ""),
        "email": next((email for email in emails if email), ""),
        "description": obj.get("description") or obj.get("summary") or "",
        "linkedin": linkedin,
    }
    return {key: str(value).strip() for key, value in found.items() if value}


def diffbot_company_lookup(website: str) -> dict:
    """The company fields Diffbot finds on ``website``; raises DiffbotError with a friendly message."""
    try:
        response = requests.get(
            ANALYZE_URL,
            params={"url": website, "token": settings.DIFFBOT_TOKEN},
            headers={"Accept": "application/json"},
            timeout=TIMEOUT_SECONDS,
        )
    except requests.Timeout:
        logger.warning("Diffbot look-up timed out")
        raise DiffbotError("The website look-up took too long. Please try again or fill the form by hand.") from None
    except requests.RequestException as exc:
        logger.warning("Diffbot look-up failed: %s", type(exc).__name__)
        raise DiffbotError("The website look-up service could not be reached. Please fill the form by hand.") from None
    if response.status_code != 200:
        logger.warning("Diffbot answered HTTP %s", response.status_code)
        raise DiffbotError("The website look-up service could not read that website. Please fill the form by hand.")
    try:
        payload = response.json()
    except ValueError:
        logger.warning("Diffbot answered with a body that is not JSON")
        raise DiffbotError("The website look-up gave an unreadable answer. Please fill the form by hand.") from None
    objects = payload.get("objects") if isinstance(payload, dict) else None
    if not objects or not isinstance(objects[0], dict):
        raise DiffbotError("No company details were found on that website.")
    fields = _company_fields(objects[0])
    if not fields:
        raise DiffbotError("No company details were found on that website.")
    return fields
