"""信息处理费 under 国办函〔2020〕109号 (政府信息公开信息处理费管理办法).

A unit charges only where settings.DISCLOSURE_FEES_CHARGED[web address] says so (default
False). It charges by one of two methods, never both for one application:

- 按件计收: by the applicant's applications to the same organ in a natural month — up to 10
  free; the 11th to the 30th 100元 each; above 30, every further 10 one band up, 100元 more
  each (31st–40th 200元, 41st–50th 300元, …).
- 按量计收: by the A4 pages of one application (an electronic file counts as its printed pages),
  each band charging only the pages in it — up to 30 free; pages 31–100 10元/页; 101–200
  20元/页; above 200 40元/页.
"""

from decimal import Decimal

from django.conf import settings

PIECE, VOLUME = "piece", "volume"
METHODS = [(PIECE, "按件计收"), (VOLUME, "按量计收")]

FREE_PER_MONTH = 10
PIECE_BASE_UNTIL = 30
PIECE_BAND = 10
PIECE_STEP = 100

# (last page of the band, yuan per page in it); the last band has no end.
PAGE_BANDS = ((30, 0), (100, 10), (200, 20), (None, 40))


def charges(profile):
    """Whether the unit charges 信息处理费 at all."""
    return bool(getattr(settings, "DISCLOSURE_FEES_CHARGED", {}).get(profile.web_address, False))


def per_piece(nth):
    """The fee for an applicant's nth application to an organ in a natural month (1-based)."""
    if nth < 1:
        raise ValueError("nth counts from 1")
    if nth <= FREE_PER_MONTH:
        return Decimal(0)
    if nth <= PIECE_BASE_UNTIL:
        return Decimal(PIECE_STEP)
    band = (nth - PIECE_BASE_UNTIL - 1) // PIECE_BAND + 1
    return Decimal(PIECE_STEP * (band + 1))


def per_volume(pages):
    """The fee for one application's pages, each band charging only its own pages."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total, lower = 0, 0
    for upper, rate in PAGE_BANDS:
        top = pages if upper is None else min(pages, upper)
        if top > lower:
            total += (top - lower) * rate
        if upper is None or pages <= upper:
            break
        lower = upper
    return Decimal(total)


def month_position(application):
    """Which application of the month this is for the applicant and the organ (by identity
    document), counting those received before it in the same natural month."""
    from .models import Application

    day = application.received_on or application.submitted_at.date()
    same = Application.objects.filter(
        profile_id=application.profile_id,
        id_number=application.id_number,
        received_on__year=day.year,
        received_on__month=day.month,
    ).exclude(pk=application.pk)
    earlier = same.filter(received_on__lt=day).count() + same.filter(received_on=day, pk__lt=application.pk).count()
    return earlier + 1


def assess(application, method, pages=None):
    """(amount, basis text) for the application by the method chosen."""
    if method == PIECE:
        nth = month_position(application)
        amount = per_piece(nth)
        basis = f"按件计收：该申请人本自然月向本机关提出的第 {nth} 件申请，收费 {amount} 元（国办函〔2020〕109号）"
        return amount, basis
    if method == VOLUME:
        if pages is None or pages < 0:
            raise ValueError("pages required")
        amount = per_volume(pages)
        basis = f"按量计收：提供信息共 {pages} 页（A4），收费 {amount} 元（国办函〔2020〕109号）"
        return amount, basis
    raise ValueError(f"unknown method {method!r}")
