"""Precision and recall of the glossary verification on the regression tables.

Each row of tests/data/glossary/<lang>.csv is a term of the repository's
glossary.csv, a translation, and the status a reviewer expects (ok,
ok-inflected, altered, forbidden, missing): true inflected uses and near
misses.  This script verifies every row and prints, per language and in all:

* accuracy: rows given exactly the expected status;
* precision and recall of "accepted" (ok or ok-inflected): of the uses the
  check accepts, how many are right; of the right uses, how many it accepts;
* precision and recall of "problem" (altered, forbidden, missing), the same
  for the errors a CI check must catch.

Usage:  python bench/glossary_accuracy.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translate.glossary import PROBLEMS, load_glossary  # noqa: E402

TABLES = ROOT / "tests" / "data" / "glossary"


def ratio(numerator: int, denominator: int) -> str:
    return f"{100.0 * numerator / denominator:5.1f}%" if denominator else "  n/a "


def main() -> None:
    glossary = load_glossary(ROOT / "glossary.csv")
    totals = {"rows": 0, "exact": 0, "tp_ok": 0, "fp_ok": 0, "fn_ok": 0,
              "tp_bad": 0, "fp_bad": 0, "fn_bad": 0}
    print(f"{'lang':5} {'rows':>5} {'accuracy':>9} {'accepted P':>11} {'accepted R':>11} "
          f"{'problem P':>10} {'problem R':>10}")
    for table in sorted(TABLES.glob("*.csv")):
        language = table.stem
        counts = dict.fromkeys(totals, 0)
        with table.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                checks = [c for c in glossary.verify(row["term"], row["translation"], language)
                          if c.term == row["term"]]
                got = checks[0].status if checks else "not checked"
                expected = row["expected"]
                counts["rows"] += 1
                counts["exact"] += got == expected
                for name, positive in (("ok", lambda s: s in ("ok", "ok-inflected")),
                                       ("bad", lambda s: s in PROBLEMS)):
                    if positive(got) and positive(expected):
                        counts[f"tp_{name}"] += 1
                    elif positive(got):
                        counts[f"fp_{name}"] += 1
                    elif positive(expected):
                        counts[f"fn_{name}"] += 1
                if got != expected:
                    print(f"  {language}: {row['term']!r} in {row['translation']!r}: "
                          f"expected {expected}, got {got}")
        for key in totals:
            totals[key] += counts[key]
        report(language, counts)
    report("all", totals)


def report(name: str, c: dict[str, int]) -> None:
    print(f"{name:5} {c['rows']:5} {ratio(c['exact'], c['rows']):>9} "
          f"{ratio(c['tp_ok'], c['tp_ok'] + c['fp_ok']):>11} "
          f"{ratio(c['tp_ok'], c['tp_ok'] + c['fn_ok']):>11} "
          f"{ratio(c['tp_bad'], c['tp_bad'] + c['fp_bad']):>10} "
          f"{ratio(c['tp_bad'], c['tp_bad'] + c['fn_bad']):>10}")


if __name__ == "__main__":
    main()
