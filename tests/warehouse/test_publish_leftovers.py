"""Publishing never deletes another running publisher's temporary file, only a dead one's leftover."""

import os
import subprocess
import sys

from pipelines.warehouse import publish


def test_only_a_dead_publishers_temporary_file_is_removed(tmp_path):
    target = tmp_path / "kyoso.duckdb"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead = tmp_path / f".kyoso.duckdb.{int(finished.stdout)}.tmp"
    running = tmp_path / f".kyoso.duckdb.{os.getppid()}.tmp"
    for partial in (dead, running):
        partial.write_bytes(b"partial snapshot")
    publish._remove_leftovers_of_dead_publishers(target)
    assert not dead.exists()
    assert running.exists()
