"""Realistic wholesale listings for demos and fixtures, deterministic from a seed (no I/O).

Used by ``make up`` (deploy/local/demo_catalog.py posts them through the API) and by the
search-scale generator (``python -m pf_catalog.generate`` copies them into the tables). The same
``(seed, vendor key)`` always yields the same products, so a re-run posts the same SKUs.

A product is a strain (or a flavour, for edibles and drinks) in one of the wholesale formats of
its category: flower by the pound, ounce, eighth or bulk gram; pre-rolls, carts, disposables,
edibles, drinks, tinctures, topicals, seeds and clones by the unit; concentrates by the gram.
Prices are wholesale (a dispensary's cost), MOQs are case sizes, about one listing in six is on
promotion (``compare_at_price_cents`` above the price), a third have volume tiers, a few are out
of stock. Vocabulary values are those of ``pf_catalog.models`` (FEELINGS, FLAVORS, USAGES) and of
the product enums.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pf_catalog.models import FEELINGS, FLAVORS, USAGES

# (name, classification, flavors, feelings)
STRAINS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Blue Dream", "hybrid", ("fruity", "sweet", "herbal"), ("relaxed", "happy", "creative")),
    ("Gelato", "hybrid", ("sweet", "fruity", "citrus"), ("euphoric", "relaxed", "happy")),
    ("Wedding Cake", "indica", ("sweet", "earthy", "spicy"), ("relaxed", "happy", "hungry")),
    ("OG Kush", "hybrid", ("earthy", "pine", "diesel"), ("relaxed", "euphoric", "hungry")),
    ("Sour Diesel", "sativa", ("diesel", "citrus", "earthy"), ("uplifted", "focused", "talkative")),
    ("Girl Scout Cookies", "hybrid", ("sweet", "earthy", "spicy"), ("euphoric", "relaxed", "happy")),
    ("Granddaddy Purple", "indica", ("fruity", "sweet", "earthy"), ("sleepy", "relaxed", "hungry")),
    ("Green Crack", "sativa", ("citrus", "fruity", "sweet"), ("focused", "uplifted", "happy")),
    ("Jack Herer", "sativa", ("pine", "earthy", "spicy"), ("creative", "focused", "uplifted")),
    ("Northern Lights", "indica", ("earthy", "pine", "sweet"), ("sleepy", "relaxed", "calm")),
    ("Pineapple Express", "hybrid", ("fruity", "citrus", "sweet"), ("happy", "uplifted", "creative")),
    ("Purple Punch", "indica", ("fruity", "sweet", "floral"), ("sleepy", "relaxed", "calm")),
    ("Runtz", "hybrid", ("sweet", "fruity", "floral"), ("euphoric", "happy", "talkative")),
    ("Zkittlez", "indica", ("fruity", "sweet", "citrus"), ("calm", "relaxed", "happy")),
    ("Durban Poison", "sativa", ("sweet", "pine", "earthy"), ("uplifted", "focused", "creative")),
    ("Gorilla Glue #4", "hybrid", ("diesel", "earthy", "pine"), ("relaxed", "euphoric", "sleepy")),
    ("Bubba Kush", "indica", ("earthy", "sweet", "spicy"), ("sleepy", "relaxed", "hungry")),
    ("Strawberry Cough", "sativa", ("fruity", "sweet", "floral"), ("uplifted", "talkative", "happy")),
    ("Super Lemon Haze", "sativa", ("citrus", "sweet", "herbal"), ("uplifted", "focused", "creative")),
    ("Ice Cream Cake", "indica", ("sweet", "cheese", "earthy"), ("relaxed", "sleepy", "calm")),
    ("Mimosa", "sativa", ("citrus", "fruity", "floral"), ("uplifted", "happy", "focused")),
    ("Biscotti", "indica", ("sweet", "earthy", "spicy"), ("relaxed", "calm", "happy")),
    ("Tangie", "sativa", ("citrus", "fruity", "sweet"), ("uplifted", "creative", "happy")),
    ("Cherry Pie", "hybrid", ("fruity", "sweet", "earthy"), ("relaxed", "euphoric", "happy")),
    ("Trainwreck", "sativa", ("pine", "spicy", "citrus"), ("euphoric", "creative", "talkative")),
    ("Do-Si-Dos", "indica", ("sweet", "floral", "earthy"), ("relaxed", "sleepy", "euphoric")),
    ("Cereal Milk", "hybrid", ("sweet", "fruity", "floral"), ("happy", "relaxed", "talkative")),
    ("Apple Fritter", "hybrid", ("sweet", "earthy", "fruity"), ("relaxed", "happy", "hungry")),
    ("Maui Wowie", "sativa", ("fruity", "citrus", "sweet"), ("uplifted", "creative", "happy")),
    ("Skywalker OG", "indica", ("diesel", "spicy", "earthy"), ("sleepy", "relaxed", "hungry")),
    ("Chemdawg", "hybrid", ("diesel", "earthy", "pine"), ("euphoric", "relaxed", "creative")),
    ("Lemon Cherry Gelato", "hybrid", ("citrus", "fruity", "sweet"), ("euphoric", "happy", "relaxed")),
    ("Ghost Train Haze", "sativa", ("citrus", "pine", "floral"), ("uplifted", "focused", "euphoric")),
    ("Blueberry", "indica", ("fruity", "sweet", "earthy"), ("relaxed", "sleepy", "happy")),
    ("White Widow", "hybrid", ("earthy", "pine", "spicy"), ("euphoric", "creative", "talkative")),
    ("Gary Payton", "hybrid", ("diesel", "cheese", "spicy"), ("focused", "happy", "relaxed")),
    ("Forbidden Fruit", "indica", ("fruity", "citrus", "floral"), ("relaxed", "calm", "sleepy")),
    ("Headband", "hybrid", ("citrus", "diesel", "earthy"), ("relaxed", "creative", "calm")),
    ("Obama Runtz", "hybrid", ("sweet", "fruity", "spicy"), ("euphoric", "happy", "relaxed")),
    ("Red Dirt Sativa", "sativa", ("earthy", "citrus", "spicy"), ("uplifted", "talkative", "focused")),
    ("Harlequin", "cbd", ("earthy", "herbal", "pine"), ("calm", "focused", "relaxed")),
    ("ACDC", "cbd", ("earthy", "herbal", "pine"), ("calm", "relaxed", "focused")),
    ("Cannatonic", "balanced", ("earthy", "citrus", "herbal"), ("calm", "relaxed", "happy")),
    ("Charlotte's Web", "hemp", ("herbal", "earthy", "pine"), ("calm", "focused", "relaxed")),
    ("Pennywise", "balanced", ("earthy", "spicy", "herbal"), ("calm", "relaxed", "happy")),
)
EDIBLE_FLAVORS: tuple[tuple[str, str], ...] = (  # (name, flavor tag)
    ("Watermelon", "fruity"),
    ("Blue Raspberry", "fruity"),
    ("Sour Apple", "fruity"),
    ("Mango Chili", "spicy"),
    ("Lemon Drop", "citrus"),
    ("Black Cherry", "fruity"),
    ("Peach Ring", "sweet"),
    ("Dark Chocolate Sea Salt", "sweet"),
    ("Milk Chocolate Toffee", "sweet"),
    ("Honey Lavender", "floral"),
    ("Ginger Lime", "citrus"),
    ("Prickly Pear", "fruity"),
    ("Cinnamon Churro", "spicy"),
    ("Mint Chip", "herbal"),
)
BRANDS = (
    "Red Dirt Reserve",
    "Sooner Select",
    "Prairie Gold",
    "Dust Bowl Botanicals",
    "Route 66 Cannabis",
    "Wichita Mountain",
    "Twin Bridges",
    "Scissortail",
    "Osage Hills",
    "Arbuckle Craft",
    "Turner Falls",
    "Great Salt Plains",
    "Mesa Verde",
    "Ozark Highlands",
    "Land Run",
    "Blackjack Oak",
)
ACCESSORIES = (
    ("Hand-Blown Glass Spoon Pipe", 600, 1500),
    ("King Size Rolling Papers (50 booklets)", 150, 450),
    ("Aluminium Grinder 4-Piece", 500, 1600),
    ("Hemp Wick 20 ft", 150, 400),
    ("Smell-Proof Pouch", 300, 900),
    ("510 Battery, Variable Voltage", 600, 1400),
)


@dataclass(frozen=True, slots=True)
class Format:
    unit: str
    label: str  # appended to the title
    price: tuple[int, int]  # wholesale cents per unit
    moq: tuple[int, ...]  # case sizes
    stock: tuple[int, int]  # available units
    thc: tuple[int, int] | None = None  # percent
    cbd: tuple[int, int] | None = None


_F = Format
# category -> (weight, formats, uses a strain (else a flavour or an accessory))
CATEGORIES: dict[str, tuple[int, tuple[Format, ...], bool]] = {
    "flower": (
        26,
        (
            _F("pound", "Flower 1 lb", (80_000, 180_000), (1, 2), (2, 60), (17, 32)),
            _F("ounce", "Flower 1 oz", (7_000, 16_000), (4, 8), (16, 400), (17, 32)),
            _F("eighth", "Flower 3.5g", (1_200, 3_000), (24, 48), (96, 2_000), (17, 32)),
            _F("gram", "Smalls (bulk gram)", (200, 600), (112, 448), (448, 10_000), (15, 27)),
        ),
        True,
    ),
    "pre_roll": (
        14,
        (
            _F("unit", "Pre-Roll 1g", (250, 700), (50, 100), (200, 5_000), (18, 30)),
            _F("unit", "Pre-Roll 5-Pack (0.5g)", (900, 2_000), (20, 40), (100, 2_000), (18, 30)),
            _F("unit", "Infused Pre-Roll 1g", (600, 1_300), (25, 50), (100, 1_500), (30, 45)),
        ),
        True,
    ),
    "vape": (
        9,
        (
            _F("unit", "Disposable Vape 1g", (1_400, 2_600), (20, 50), (100, 1_500), (72, 92)),
            _F("unit", "Disposable Vape 0.5g", (900, 1_600), (20, 50), (100, 1_500), (72, 92)),
        ),
        True,
    ),
    "cart": (
        9,
        (
            _F("unit", "Live Resin Cart 1g", (1_500, 2_600), (20, 50), (100, 1_500), (70, 88)),
            _F("unit", "Distillate Cart 0.5g", (800, 1_500), (25, 50), (100, 2_000), (82, 94)),
        ),
        True,
    ),
    "edible": (
        12,
        (
            _F("unit", "Gummies 100mg (10 pc)", (500, 1_200), (24, 48), (96, 3_000)),
            _F("unit", "Chocolate Bar 100mg", (600, 1_400), (24, 48), (96, 2_000)),
            _F("unit", "Hard Candy 100mg (20 pc)", (450, 1_000), (24, 48), (96, 2_000)),
        ),
        False,
    ),
    "concentrate": (
        11,
        (
            _F("gram", "Live Resin 1g", (900, 2_200), (14, 28), (56, 1_000), (65, 85)),
            _F("gram", "Shatter 1g", (600, 1_500), (14, 28), (56, 1_500), (70, 88)),
            _F("gram", "Cold-Cure Rosin 1g", (1_600, 3_600), (7, 14), (28, 500), (65, 80)),
            _F("gram", "Badder 1g", (900, 2_000), (14, 28), (56, 1_000), (68, 86)),
        ),
        True,
    ),
    "beverage": (
        4,
        (
            _F("unit", "Seltzer 12 oz (10mg)", (300, 700), (24, 48), (96, 3_000)),
            _F("unit", "Sparkling Tonic 8 oz (5mg)", (250, 600), (24, 48), (96, 3_000)),
        ),
        False,
    ),
    "tincture": (
        4,
        (
            _F("unit", "Tincture 30ml 1000mg", (1_500, 3_500), (12, 24), (48, 600), None, (20, 40)),
            _F("unit", "Tincture 30ml 500mg", (900, 2_000), (12, 24), (48, 600), None, (10, 25)),
        ),
        True,
    ),
    "topical": (
        4,
        (
            _F("unit", "Balm 2 oz", (1_200, 2_800), (12, 24), (48, 600), None, (2, 8)),
            _F("unit", "Roll-On 3 oz", (1_000, 2_200), (12, 24), (48, 600), None, (2, 8)),
        ),
        True,
    ),
    "seed": (3, (_F("unit", "Feminized Seeds 5-Pack", (2_500, 6_000), (5, 10), (20, 400)),), True),
    "seedling": (2, (_F("unit", "Rooted Clone", (600, 1_500), (10, 25), (50, 1_000)),), True),
    "accessory": (2, (), False),
}
CATEGORY_NAMES = tuple(CATEGORIES)
CATEGORY_WEIGHTS = tuple(w for w, _, _ in CATEGORIES.values())
SKU_CODES = {
    "flower": "FLW",
    "pre_roll": "PRE",
    "vape": "VAP",
    "cart": "CRT",
    "edible": "EDB",
    "concentrate": "CON",
    "beverage": "BEV",
    "tincture": "TIN",
    "topical": "TOP",
    "seed": "SED",
    "seedling": "CLN",
    "accessory": "ACC",
}
# The gallery images a demo vendor uploads (make up), and which one each category uses.
IMAGE_THEMES: tuple[tuple[str, tuple[int, int, int], tuple[int, int, int]], ...] = (
    ("Flower", (46, 125, 50), (205, 220, 57)),
    ("Pre-Rolls", (121, 85, 72), (255, 204, 128)),
    ("Vapes & Carts", (69, 39, 160), (129, 212, 250)),
    ("Edibles", (216, 27, 96), (255, 183, 77)),
    ("Concentrates", (255, 143, 0), (255, 241, 118)),
    ("Wellness", (0, 121, 107), (178, 223, 219)),
)
IMAGE_OF_CATEGORY = {
    "flower": 0,
    "seed": 0,
    "seedling": 0,
    "pre_roll": 1,
    "accessory": 1,
    "vape": 2,
    "cart": 2,
    "edible": 3,
    "beverage": 3,
    "concentrate": 4,
    "tincture": 5,
    "topical": 5,
}
_USAGE_BY_CLASS = {
    "indica": ("sleep", "pain_relief", "muscle_relaxant", "anxiety", "appetite_stimulation"),
    "sativa": ("depression", "stress_relief", "nausea", "appetite_stimulation"),
    "hybrid": ("stress_relief", "pain_relief", "anxiety", "depression", "sleep"),
    "cbd": ("anxiety", "pain_relief", "stress_relief", "muscle_relaxant"),
    "balanced": ("pain_relief", "anxiety", "stress_relief", "sleep"),
    "hemp": ("anxiety", "stress_relief", "muscle_relaxant"),
}
assert all(f in FLAVORS for _, _, fl, _ in STRAINS for f in fl)
assert all(f in FEELINGS for _, _, _, fe in STRAINS for f in fe)
assert all(u in USAGES for us in _USAGE_BY_CLASS.values() for u in us)


@dataclass(frozen=True, slots=True)
class DemoProduct:
    sku: str
    title: str
    subtitle: str
    body_html: str
    category: str
    classification: str | None
    strain: str | None
    unit: str
    moq: int
    max_qty: int
    price_cents: int
    compare_at_price_cents: int | None
    thc_percent: Decimal | None
    cbd_percent: Decimal | None
    feelings: tuple[str, ...]
    flavors: tuple[str, ...]
    usage: tuple[str, ...]
    available_qty: int
    low_stock_threshold: int
    volume_discounts: tuple[tuple[int, Decimal], ...]  # (min_qty, discount_percent), min_qty ascending
    is_featured: bool
    image: int  # index into IMAGE_THEMES

    def api_body(self, media_ids: list[str]) -> dict[str, Any]:
        """The body of ``POST /api/v1/vendor/products`` (API.md §3.3)."""
        body: dict[str, Any] = {
            "sku": self.sku,
            "title": self.title,
            "subtitle": self.subtitle,
            "body_html": self.body_html,
            "category": self.category,
            "feelings": list(self.feelings),
            "flavors": list(self.flavors),
            "usage": list(self.usage),
            "unit": self.unit,
            "moq": self.moq,
            "max_qty": self.max_qty,
            "price_cents": self.price_cents,
            "is_featured": self.is_featured,
            "inventory": {
                "available_qty": self.available_qty,
                "low_stock_threshold": self.low_stock_threshold,
            },
            "media_ids": media_ids,
            "volume_discounts": [
                {"min_qty": q, "discount_percent": float(p)} for q, p in self.volume_discounts
            ],
        }
        optional = {
            "classification": self.classification,
            "strain": self.strain,
            "compare_at_price_cents": self.compare_at_price_cents,
            "thc_percent": None if self.thc_percent is None else float(self.thc_percent),
            "cbd_percent": None if self.cbd_percent is None else float(self.cbd_percent),
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        return body


def _percent(rng: random.Random, bounds: tuple[int, int]) -> Decimal:
    return Decimal(rng.randint(bounds[0] * 100, bounds[1] * 100)).scaleb(-2)


_CUM_WEIGHTS = tuple(sum(CATEGORY_WEIGHTS[: i + 1]) for i in range(len(CATEGORY_WEIGHTS)))
_TIERS = ((2, 3), (5, 5), (10, 8), (20, 12))  # (x MOQ, percent) ladder


class ProductFactory:
    """Listings of one vendor: ``factory.product(i)`` is its i-th product (call in order)."""

    def __init__(self, rng: random.Random, *, sku_prefix: str, brands: tuple[str, ...]) -> None:
        self.rng = rng
        self.sku_prefix = sku_prefix
        self.brands = brands

    def product(self, i: int) -> DemoProduct:
        rng = self.rng
        category = rng.choices(CATEGORY_NAMES, cum_weights=_CUM_WEIGHTS)[0]
        _, formats, strain_based = CATEGORIES[category]
        brand = rng.choice(self.brands)
        classification: str | None
        flavors: tuple[str, ...]
        feelings: tuple[str, ...]
        if category == "accessory":
            name, lo, hi = rng.choice(ACCESSORIES)
            fmt = Format("unit", "", (lo, hi), (12, 24), (48, 1_000))
            title, strain, classification = name, None, None
            flavors, feelings = ("herbal",), ("calm",)
            usage: tuple[str, ...] = ("stress_relief",)
        else:
            fmt = rng.choice(formats)
            if strain_based:
                strain, classification, flavors, feelings = rng.choice(STRAINS)
                if category in ("tincture", "topical") and classification not in ("cbd", "balanced", "hemp"):
                    classification = rng.choice(("cbd", "balanced"))
                title = f"{strain} {fmt.label}"
            else:
                flavor, tag = rng.choice(EDIBLE_FLAVORS)
                strain, classification = None, rng.choice(("indica", "sativa", "hybrid", "hybrid", "cbd"))
                flavors, feelings = (tag, "sweet") if tag != "sweet" else ("sweet",), ("happy", "relaxed")
                title = f"{flavor} {fmt.label}"
            choices = _USAGE_BY_CLASS[classification]
            usage = tuple(rng.sample(choices, rng.randint(1, min(3, len(choices)))))
            flavors = flavors[: rng.randint(1, len(flavors))]
            feelings = feelings[: rng.randint(1, len(feelings))]
        price = rng.randint(fmt.price[0], fmt.price[1])
        price = price // 100 * 100 + (99 if price >= 1_000 else 50) if price >= 500 else price
        compare_at = None
        if rng.random() < 0.17:
            compare_at = (price * rng.randint(112, 140) // 100) // 100 * 100 + 99
        moq = rng.choice(fmt.moq)
        available = 0 if rng.random() < 0.04 else rng.randint(fmt.stock[0], fmt.stock[1]) // moq * moq
        tiers: tuple[tuple[int, Decimal], ...] = ()
        if rng.random() < 0.33:
            ladder = _TIERS[rng.randint(0, 1) : rng.randint(2, 4)]
            tiers = tuple((moq * k, Decimal(p)) for k, p in ladder)
        thc = _percent(rng, fmt.thc) if fmt.thc else None
        cbd = _percent(rng, fmt.cbd) if fmt.cbd else None
        if classification == "cbd" and category in ("flower", "pre_roll"):
            thc, cbd = _percent(rng, (0, 1)), _percent(rng, (10, 18))
        elif classification == "balanced" and fmt.thc:
            thc = cbd = _percent(rng, (6, 10))
        kind = (classification or "accessory").replace("_", " ")
        body = (
            f"<p>{title} from {brand}. Wholesale case of {moq} ({fmt.unit}s).</p>"
            f"<ul><li>Type: {kind}</li><li>Lab-tested, batch COA on request</li></ul>"
        )
        return DemoProduct(
            sku=f"{self.sku_prefix}-{SKU_CODES[category]}-{i + 1:05d}",
            title=title,
            subtitle=f"{brand} · {kind.title()}",
            body_html=body,
            category=category,
            classification=classification,
            strain=strain,
            unit=fmt.unit,
            moq=moq,
            max_qty=moq * 40 if rng.random() < 0.1 else 0,
            price_cents=price,
            compare_at_price_cents=compare_at,
            thc_percent=thc,
            cbd_percent=cbd,
            feelings=feelings,
            flavors=flavors,
            usage=usage,
            available_qty=available,
            low_stock_threshold=moq * 2 if rng.random() < 0.4 else 0,
            volume_discounts=tiers,
            is_featured=rng.random() < 0.08,
            image=IMAGE_OF_CATEGORY[category],
        )


def vendor_factory(vendor: str, *, seed: int = 0, sku_prefix: str | None = None) -> ProductFactory:
    """The product factory of one vendor (``vendor``: any stable key, e.g. a login handle)."""
    rng = random.Random(f"pf-demo-products:{seed}:{vendor}")
    brands = tuple(rng.sample(BRANDS, 2))
    prefix = sku_prefix or "".join(ch for ch in vendor.upper() if ch.isalnum())[:8]
    return ProductFactory(rng, sku_prefix=prefix, brands=brands)


def products_for_vendor(
    vendor: str, count: int, *, seed: int = 0, sku_prefix: str | None = None
) -> list[DemoProduct]:
    """``count`` listings of ``vendor``, the same for the same arguments."""
    factory = vendor_factory(vendor, seed=seed, sku_prefix=sku_prefix)
    return [factory.product(i) for i in range(count)]


# --- store names (the fixture generator) -----------------------------------------------------------

_NAME_HEADS = (
    "Red Earth", "Prairie", "Cimarron", "High Plains", "Golden", "Emerald", "Blue Ridge", "Cedar",
    "Sun Valley", "Canyon", "Mesa", "Rocky", "North Star", "Great Lakes", "Cascade", "Pacific",
    "Desert", "Silver", "Iron Horse", "Wildflower", "Harvest Moon", "Heritage", "Frontier",
    "Twin Rivers", "Lone Pine", "Copper", "Evergreen", "Sierra", "Bayou", "Timberline", "Summit",
    "Liberty", "Pioneer", "Redwood", "Old Town", "Lakeside", "Hilltop", "Riverbend", "Starlight",
    "Sunrise",
)  # fmt: skip
_NAME_MIDDLES = ("", "Valley", "Creek", "Mountain", "River", "Hollow", "Ridge")
_VENDOR_TAILS = (
    "Growers", "Farms", "Gardens", "Cultivators", "Botanicals", "Craft Co.", "Extracts", "Labs",
    "Collective", "Harvest Co.", "Cannabis Co.", "Supply", "Naturals", "Organics", "Greenhouse",
    "Ranch", "Reserve", "Genetics", "Brands", "Provisions", "Roots", "Fields", "Leaf Co.",
)  # fmt: skip
_BUYER_TAILS = (
    "Dispensary", "Wellness", "Apothecary", "Cannabis Shop", "Provisions", "Green Shop", "Remedies",
    "Cannabis Market", "Health Center", "Tree House",
)  # fmt: skip


def store_names(rng: random.Random, count: int, *, vendor: bool = True) -> list[str]:
    """``count`` distinct store names (a numeral is appended once the combinations run out)."""
    tails = _VENDOR_TAILS if vendor else _BUYER_TAILS
    combos = [" ".join(p for p in (h, m, t) if p) for h in _NAME_HEADS for m in _NAME_MIDDLES for t in tails]
    rng.shuffle(combos)
    return [
        combos[i % len(combos)] + (f" {i // len(combos) + 1}" if i >= len(combos) else "")
        for i in range(count)
    ]
