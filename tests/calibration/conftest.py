import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from simulate import Simulation, simulate  # noqa: E402

from hiring.calibration import CalibrationResult, fit  # noqa: E402


@pytest.fixture(scope="session")
def loop() -> Simulation:
    return simulate(candidates=800, interviewers=64, teams=8, seed=11)


@pytest.fixture(scope="session")
def calibrated(loop: Simulation) -> CalibrationResult:
    return fit(loop.ratings)


@pytest.fixture(scope="session")
def calibrated_with_spread(loop: Simulation) -> CalibrationResult:
    return fit(loop.ratings, spread=True)


@pytest.fixture(scope="session")
def small_loop() -> Simulation:
    return simulate(candidates=300, interviewers=30, teams=5, seed=12)
