"""What amounts a salary report may hold, per currency: the one place that says so.

Nothing is converted between currencies, so each currency has its own band, wide
enough for every role we publish a guide for (entry level in a low-paying region up to
staff level at the best-paying companies) and narrow enough to stop typos such as a
monthly figure or three extra zeros. Bonus and equity may be zero; above the band's
ceiling they are refused the same way.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlausibleBand:
    base_min: int
    base_max: int
    bonus_max: int
    equity_max: int


def _band(base_min: int, base_max: int) -> PlausibleBand:
    return PlausibleBand(base_min=base_min, base_max=base_max, bonus_max=base_max, equity_max=5 * base_max)


#: Currencies a report may use (ISO 4217), each with its band per year in whole units.
BANDS: dict[str, PlausibleBand] = {
    "USD": _band(20_000, 1_000_000),
    "EUR": _band(15_000, 800_000),
    "GBP": _band(15_000, 700_000),
    "CAD": _band(25_000, 1_000_000),
    "AUD": _band(30_000, 1_000_000),
    "CHF": _band(40_000, 1_000_000),
    "SEK": _band(200_000, 8_000_000),
    "PLN": _band(40_000, 2_000_000),
    "INR": _band(200_000, 50_000_000),
    "JPY": _band(2_000_000, 100_000_000),
    "SGD": _band(25_000, 1_200_000),
    "BRL": _band(30_000, 3_000_000),
}


def plausibility_errors(*, role_title: str, currency: str, base: int, bonus: int, equity: int) -> dict[str, str]:
    """A message per amount outside its band, naming the band; empty when all fit."""
    band = BANDS.get(currency)
    if band is None:
        return {"currency": f"We take reports in {', '.join(BANDS)}; {currency} is not one of them."}
    errors = {}
    where = f"for {role_title} in {currency}"
    if not band.base_min <= base <= band.base_max:
        errors["base"] = f"We accept a base salary {where} from {band.base_min:,} to {band.base_max:,} a year."
    if bonus > band.bonus_max:
        errors["bonus"] = f"We accept a yearly bonus {where} from 0 to {band.bonus_max:,}."
    if equity > band.equity_max:
        errors["equity"] = f"We accept equity per year {where} from 0 to {band.equity_max:,}."
    return errors
