"""The converted tables in models/ are what training/build_tables.py makes of the resources in
../shared/data (PETRARCH2 dictionaries, CAMEO2PLOVER); skipped where ../shared is absent."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMX_SHARED") or ROOT.parent / "shared")
PETRARCH2 = SHARED / "data" / "petrarch2"
PLOVER = SHARED / "data" / "plover"


def test_build_reproduces_the_committed_tables():
    if not (PETRARCH2 / "CAMEO.2.0.txt").exists() or not (PLOVER / "CAMEO2PLOVER-2021.txt").exists():
        pytest.skip(f"{PETRARCH2} or {PLOVER} not found: the resources live in ../shared")
    run = subprocess.run([sys.executable, str(ROOT / "training" / "build_tables.py"),
                          str(PETRARCH2), str(PLOVER), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_converted_tables_carry_the_mit_notice():
    notice = (ROOT / "models" / "NOTICE-petrarch2.txt").read_text(encoding="utf-8")
    assert "MIT License" in notice and "676801c" in notice
