"""Make the upgrade fixture of a schema revision with the code that released it.

    python tests/data/make_schema_fixture.py 0008_reference_seeds <commit>

`<commit>` is the last commit whose HEAD_REVISION was that revision (the parent of the commit
that added the next migration). The old code is checked out into a temporary worktree and
builds its demo school (`demo --date 23.11.2026`, or without a date for code that had none);
the file is stored gzip-compressed as tests/data/schemas/<revision>.sqlite.gz, which
tests/unit/data/test_upgrade_fixtures.py upgrades to the head revision. Make the fixture of
the revision being replaced when a migration is added: that test fails until it exists.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(revision: str, commit: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        tree = Path(work) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree),
                        commit], check=True)
        try:
            database = Path(work) / "school.sqlite"
            command = [sys.executable, "-m", "nastavnik_desktop", "demo", "--db",
                       str(database)]
            env = {**os.environ, "PYTHONPATH": str(tree), "HOME": work}
            dated = subprocess.run([*command, "--date", "23.11.2026"], cwd=tree, env=env)
            if dated.returncode != 0:
                subprocess.run(command, cwd=tree, env=env, check=True)
            target = ROOT / "tests" / "data" / "schemas" / f"{revision}.sqlite.gz"
            with database.open("rb") as source, gzip.open(target, "wb", 9) as packed:
                shutil.copyfileobj(source, packed)
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
