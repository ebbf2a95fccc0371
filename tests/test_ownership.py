"""The cache folder's privacy on both kinds of system: mode bits and owner on POSIX, owner and
access-control list on Windows (the decision is tested here on any system; reading the ACL
through the Windows API runs only on Windows)."""

from __future__ import annotations

import os

import pytest

from innovsd.ownership import WRITE_RIGHTS, problem, windows_problem

USER, OTHER = "S-1-5-21-1-2-3-1001", "S-1-5-21-1-2-3-1002"
READ_EXECUTE = 0x1200A9


def _key(found):
    return found.key if found else None


def test_a_folder_of_the_user_with_the_usual_inherited_acl_is_private():
    aces = [(0x0, 0x1F01FF, USER), (0x0, 0x1F01FF, "S-1-5-18"), (0x0, 0x1F01FF, "S-1-5-32-544")]
    assert windows_problem(USER, USER, aces) is None
    assert windows_problem("S-1-5-32-544", USER, aces) is None  # created by an elevated process


def test_another_owner_or_a_writer_other_than_the_user_is_refused():
    assert _key(windows_problem(OTHER, USER, [])) == "cache of another user"
    for writer in (OTHER, "S-1-1-0", "S-1-5-32-545", "S-1-5-11"):  # someone, Everyone, Users, Authenticated Users
        assert _key(windows_problem(USER, USER, [(0x0, WRITE_RIGHTS, writer)])) == "cache writable by others"


def test_others_may_read_and_a_deny_entry_never_makes_it_unsafe():
    assert windows_problem(USER, USER, [(0x0, READ_EXECUTE, "S-1-5-32-545"), (0x1, WRITE_RIGHTS, "S-1-1-0")]) is None


@pytest.mark.skipif(os.name != "posix", reason="mode bits are POSIX")
def test_posix_mode_bits(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    assert problem(folder) is None
    folder.chmod(0o777)
    assert _key(problem(folder)) == "cache writable by others"
    folder.chmod(0o755)
    assert problem(folder) is None
