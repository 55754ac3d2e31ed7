"""Makes the differential-test modules importable from pytest runs started at the repo root."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
