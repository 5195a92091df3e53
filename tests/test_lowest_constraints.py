"""The lowest-versions pass pins what pyproject.toml says, read fresh each time."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "lowest_constraints.py"


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("lowest_constraints", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("requirement", "pin"),
    [
        ("Flask>=3.1", "Flask==3.1"),
        ("psycopg[binary]>=3.1.18", "psycopg==3.1.18"),
        ("numpy >= 1.26, <3", "numpy==1.26"),
        ("tomli>=2.0; python_version < '3.11'", "tomli==2.0; python_version < '3.11'"),
    ],
)
def test_each_requirement_is_pinned_to_its_lower_bound(requirement: str, pin: str) -> None:
    assert _script().lowest(requirement) == pin


def test_a_requirement_without_a_lower_bound_is_refused() -> None:
    with pytest.raises(SystemExit, match="has no lower bound"):
        _script().lowest("requests")


def test_every_dependency_of_the_project_is_pinned(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\ndependencies = ["Flask>=3.1", "nh3>=0.2.15"]\n'
        '[project.optional-dependencies]\ndev = ["pytest>=8.0"]\n'
    )
    output = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), str(pyproject)], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["Flask==3.1", "nh3==0.2.15", "pytest==8.0"]
    real = subprocess.run(  # noqa: S603
        [sys.executable, str(SCRIPT), str(ROOT / "pyproject.toml")],
        capture_output=True, text=True, check=True,
    ).stdout
    pins = real.splitlines()
    assert any(pin.startswith("Flask==") for pin in pins)
    assert all(re.match(r"^[A-Za-z0-9._-]+==[0-9][^ ;]*(; .+)?$", pin) for pin in pins), pins
