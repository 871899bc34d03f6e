"""How many cores this process may use: the default of ``--jobs``.

``os.cpu_count()`` counts the machine's cores, not those a process may run
on.  In a container limited to two CPUs on a host of 64, one worker per
counted core would start 64 processes, each filling its own word tables
(some 100 MB) and taking turns on two cores.  What limits a process:

- its CPU affinity (``taskset``, a container's cpuset): the cores it may
  run on at all;
- its cgroup's CPU quota (``docker --cpus``, a Kubernetes CPU limit): how
  much CPU time it gets per period, read from ``cpu.max`` (cgroup v2) or
  ``cpu.cfs_quota_us`` / ``cpu.cfs_period_us`` (v1), in its own cgroup and
  every one above it; a quota of 1.5 cores allows two busy workers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cores(root: Path = CGROUP_ROOT, proc: Path = PROC_CGROUP) -> int:
    """The cores this process may use (at least 1).

    >>> usable_cores() >= 1
    True
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):      # not on Linux
        cores = os.cpu_count() or 1
    quota = cpu_quota(root, proc)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


def cpu_quota(root: Path = CGROUP_ROOT, proc: Path = PROC_CGROUP) -> float | None:
    """The smallest CPU quota (in cores) of this process's cgroups, or None
    where none is set or none can be read."""
    try:
        lines = proc.read_text().splitlines()
    except OSError:
        return None
    quotas = []
    for line in lines:
        _, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if controllers == "":                       # v2: one hierarchy
            quotas += _limits(root, path, _v2_quota)
        elif "cpu" in controllers.split(","):       # v1: the cpu controller's
            # mounted under its joint name, or the name ``cpu`` links to it
            mount = root / controllers if (root / controllers).is_dir() else root / "cpu"
            quotas += _limits(mount, path, _v1_quota)
    return min(quotas) if quotas else None


def _limits(mount: Path, path: str, read: Callable[[Path], float | None]) -> list[float]:
    """The quotas set on the cgroup at ``path`` and every cgroup above it.
    A container often sees its own cgroup as the root of the mount while
    /proc names the host's path: where that path is missing, the mount's
    root is the process's cgroup."""
    found: list[float] = []
    parts = [p for p in path.split("/") if p]
    if parts and not mount.joinpath(*parts).is_dir():
        parts = []
    for depth in range(len(parts), -1, -1):
        quota = read(mount.joinpath(*parts[:depth]))
        if quota is not None:
            found.append(quota)
    return found


def _v2_quota(folder: Path) -> float | None:
    try:
        limit, period = (folder / "cpu.max").read_text().split()[:2]
        return None if limit == "max" else int(limit) / int(period)
    except (OSError, ValueError):
        return None


def _v1_quota(folder: Path) -> float | None:
    try:
        limit = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return limit / period if limit > 0 and period > 0 else None
