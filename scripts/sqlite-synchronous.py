#!/usr/bin/env python3
"""What `PRAGMA synchronous = FULL` costs a SQLite write on this machine, against NORMAL.

Each write is what one staff edit commits in recovery-directory: `BEGIN IMMEDIATE`, a ~1 KB
meeting row replaced, a change-log row appended, `COMMIT`, on a file with the server's pragmas
(WAL, busy_timeout, foreign keys). In WAL mode NORMAL syncs only at checkpoints, FULL syncs
the log at every commit: that fsync is the difference measured. Figures go to BENCHMARKS.md by
hand, with this command:

    python3 scripts/sqlite-synchronous.py [WRITES] [ROUNDS]
"""

import os
import sqlite3
import statistics
import sys
import tempfile
import time

WRITES = int(sys.argv[1]) if len(sys.argv) > 1 else 500
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def writes_per_second(folder: str, synchronous: str) -> float:
    path = os.path.join(folder, f"{synchronous.lower()}.db")
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(
        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;"
        f"PRAGMA synchronous = {synchronous};"
        "CREATE TABLE meetings (id TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at TEXT NOT NULL);"
        "CREATE TABLE changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity_id TEXT NOT NULL, body TEXT NOT NULL);"
    )
    body = "x" * 1000
    started = time.perf_counter()
    for i in range(WRITES):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT OR REPLACE INTO meetings VALUES (?, ?, datetime('now'))", (f"m{i % 50}", body))
        db.execute("INSERT INTO changes (entity_id, body) VALUES (?, ?)", (f"m{i % 50}", body))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return WRITES / elapsed


def main() -> None:
    # Next to the project's data (the disk a deployment writes to), not a tmpfs.
    with tempfile.TemporaryDirectory(prefix="rd-sync-", dir=os.getcwd()) as folder:
        rates = {"NORMAL": [], "FULL": []}
        for _ in range(ROUNDS):
            for mode in rates:
                rates[mode].append(writes_per_second(folder, mode))
                os.remove(os.path.join(folder, f"{mode.lower()}.db"))
    normal, full = statistics.median(rates["NORMAL"]), statistics.median(rates["FULL"])
    print(f"SQLite {sqlite3.sqlite_version}, {WRITES} writes x {ROUNDS} rounds (median)")
    print(f"NORMAL: {normal:,.0f} writes/s  ({1000 / normal:.2f} ms each)")
    print(f"FULL:   {full:,.0f} writes/s  ({1000 / full:.2f} ms each)")
    print(f"FULL costs {normal / full:.1f}x the time of NORMAL per write")


if __name__ == "__main__":
    main()
