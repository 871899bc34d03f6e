"""The default of ``--jobs``: the cores this process may use, by its CPU
affinity and the CPU quota of its cgroups (v2 ``cpu.max``, v1
``cpu.cfs_quota_us``), read from a cgroup tree laid out here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.io.cores import cpu_quota, usable_cores


def _tree(tmp_path: Path, proc: str, files: dict[str, str]) -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    root.mkdir(exist_ok=True)
    (tmp_path / "cgroup-of-self").write_text(proc)
    return root, tmp_path / "cgroup-of-self"


def _affinity() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def test_a_v2_quota_of_one_and_a_half_cores_allows_two_workers(tmp_path):
    root, proc = _tree(tmp_path, "0::/kubepods/pod1/box\n", {
        "kubepods/pod1/box/cpu.max": "max 100000\n",        # the container sets none ...
        "kubepods/pod1/cpu.max": "150000 100000\n",         # ... its pod does
        "cpu.max": "max 100000\n"})
    assert cpu_quota(root, proc) == 1.5
    assert usable_cores(root, proc) == min(2, _affinity())


def test_the_smallest_quota_above_the_process_counts(tmp_path):
    root, proc = _tree(tmp_path, "0::/a/b\n", {"a/b/cpu.max": "800000 100000",
                                              "a/cpu.max": "300000 100000"})
    assert cpu_quota(root, proc) == 3.0


def test_a_container_that_sees_its_own_cgroup_as_the_root(tmp_path):
    # /proc names the host's path, which the container's mount does not have
    root, proc = _tree(tmp_path, "0::/docker/0123abcd\n", {"cpu.max": "100000 100000\n"})
    assert cpu_quota(root, proc) == 1.0
    assert usable_cores(root, proc) == 1


def test_v1_cfs_quota_in_a_joint_cpu_controller(tmp_path):
    root, proc = _tree(tmp_path, "4:memory:/x\n3:cpu,cpuacct:/x\n", {
        "cpu,cpuacct/x/cpu.cfs_quota_us": "250000\n", "cpu,cpuacct/x/cpu.cfs_period_us": "100000\n",
        "cpu,cpuacct/cpu.cfs_quota_us": "-1\n", "cpu,cpuacct/cpu.cfs_period_us": "100000\n"})
    assert cpu_quota(root, proc) == 2.5
    assert usable_cores(root, proc) == min(3, _affinity())


@pytest.mark.parametrize("files", [
    {},                                                          # no cgroup files at all
    {"cpu.max": "max 100000\n"},                                 # no limit
    {"cpu.max": "garbage\n"},                                    # unreadable: no limit
    {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}])
def test_no_quota_leaves_the_affinity(tmp_path, files):
    root, proc = _tree(tmp_path, "0::/\n1:cpu:/\n", files)
    assert cpu_quota(root, proc) is None
    assert usable_cores(root, proc) == _affinity()


def test_no_proc_file_is_no_quota(tmp_path):
    assert cpu_quota(tmp_path, tmp_path / "missing") is None
    assert usable_cores(tmp_path, tmp_path / "missing") >= 1


def test_v1_joint_controller_mounted_under_the_name_cpu(tmp_path):
    # /proc says cpu,cpuacct; the machine mounts (or links) the hierarchy as cpu
    root, proc = _tree(tmp_path, "3:cpu,cpuacct:/\n", {
        "cpu/cpu.cfs_quota_us": "50000\n", "cpu/cpu.cfs_period_us": "100000\n"})
    assert cpu_quota(root, proc) == 0.5
    assert usable_cores(root, proc) == 1
