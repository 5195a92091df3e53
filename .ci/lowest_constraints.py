"""Print pip constraints that pin every dependency in pyproject.toml to its lower bound.

``make test-lowest`` installs the project with these constraints into ``.venv-lowest`` and runs
the fast part of the suite there, so a lower bound in pyproject.toml is one the code really
works with. The list is read from pyproject.toml each time, so a dependency added tomorrow is
pinned to its own lower bound without anyone editing a list; a dependency without a lower
bound is an error (it would install whatever is newest and prove nothing).

Usage: python3 .ci/lowest_constraints.py [pyproject.toml] > constraints.txt
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

# name, optional [extras], version specifiers, optional ; marker
REQUIREMENT = re.compile(
    r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*"
    r"(?P<specs>[^;]*?)\s*(?:;\s*(?P<marker>.+))?$"
)
LOWER = re.compile(r"(?:>=|==|~=)\s*(?P<version>[0-9][^,\s]*)")


def requirements(pyproject: Path) -> list[str]:
    """Runtime dependencies and every optional group (the test tools need their bounds too)."""
    project = tomllib.loads(pyproject.read_text())["project"]
    found = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        found.extend(group)
    return found


def lowest(requirement: str) -> str:
    """``psycopg[binary]>=3.1.18`` → ``psycopg==3.1.18`` (markers kept, extras dropped:
    constraint files take neither extras nor unpinned names)."""
    match = REQUIREMENT.match(requirement)
    if not match:
        raise SystemExit(f"Cannot read the requirement {requirement!r} in pyproject.toml.")
    bound = LOWER.search(match["specs"])
    if not bound:
        raise SystemExit(
            f"{match['name']} has no lower bound in pyproject.toml ({requirement!r}); "
            "give it one that the code works with (name>=X.Y)."
        )
    marker = f"; {match['marker']}" if match["marker"] else ""
    return f"{match['name']}=={bound['version']}{marker}"


def main() -> None:
    pyproject = Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml")
    for requirement in requirements(pyproject):
        print(lowest(requirement))


if __name__ == "__main__":
    main()
