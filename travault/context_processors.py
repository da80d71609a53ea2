from django.conf import settings


def site(request):
    return {"seat_price_display": settings.SEAT_PRICE_DISPLAY}
