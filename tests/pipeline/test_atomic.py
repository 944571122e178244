import os

import pytest

from pipeline import atomic


def test_write_replaces_whole_file_and_uses_normal_permissions(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("cũ")
    atomic.write_text(target, "mới")
    assert target.read_text(encoding="utf-8") == "mới"
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "b.docx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["b.docx"]
