"""Whether a folder is private to the current user: on POSIX its owner and mode bits, on Windows
(where every folder reports mode 0o777) its owner and access-control list, read through the
Windows API with ctypes. innovsd.cache refuses a cache folder that is not private, since code
read from it is imported."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from innovsd.errors import Problem

# Principals that may write to any folder of a Windows user anyway: SYSTEM, Administrators, and
# CREATOR OWNER (a placeholder that stands for the owner on new files).
TRUSTED_SIDS = {"S-1-5-18", "S-1-5-32-544", "S-1-3-0"}
# Access rights that let a principal change what is in a folder or who may: write or append data
# (add files), delete children, write attributes, change the ACL or the owner, delete, and the
# generic write/all rights.
WRITE_RIGHTS = 0x2 | 0x4 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x40000000 | 0x10000000
ACCESS_ALLOWED = (0x0, 0x5, 0x9, 0xB)  # plain, object, callback and callback-object "allowed" ACEs


def problem(folder: Path) -> Problem | None:
    """None when ``folder`` (which exists) is private; else what is wrong."""
    if sys.platform == "win32":
        owner, user, aces = _windows_security(folder)
        return windows_problem(owner, user, aces)
    info = folder.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return Problem("cache of another user")
    if stat.S_IMODE(info.st_mode) & 0o022:
        return Problem("cache writable by others")
    return None


def windows_problem(owner: str, user: str, aces: list[tuple[int, int, str]]) -> Problem | None:
    """The decision on Windows from the folder's owner SID, the current user's SID and the
    (type, access mask, SID) of each entry of its access-control list."""
    if owner != user and owner not in TRUSTED_SIDS - {"S-1-3-0"}:
        return Problem("cache of another user")
    for kind, mask, sid in aces:
        if kind in ACCESS_ALLOWED and mask & WRITE_RIGHTS and sid not in TRUSTED_SIDS | {user}:
            return Problem("cache writable by others")
    return None


def _windows_security(folder: Path) -> tuple[str, str, list[tuple[int, int, str]]]:  # pragma: no cover - Windows only
    """(owner SID, current user's SID, ACL entries) of ``folder`` from the Windows API."""
    import ctypes
    from ctypes import wintypes

    advapi32, kernel32 = ctypes.WinDLL("advapi32", use_last_error=True), ctypes.WinDLL("kernel32", use_last_error=True)

    def sid_text(sid) -> str:
        text = wintypes.LPWSTR()
        if not advapi32.ConvertSidToStringSidW(sid, ctypes.byref(text)):
            raise ctypes.WinError(ctypes.get_last_error())
        try:
            return text.value
        finally:
            kernel32.LocalFree(text)

    owner, dacl, descriptor = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    file_object, owner_and_dacl = 1, 0x1 | 0x4
    error = advapi32.GetNamedSecurityInfoW(str(folder), file_object, owner_and_dacl, ctypes.byref(owner), None,
                                           ctypes.byref(dacl), None, ctypes.byref(descriptor))
    if error:
        raise ctypes.WinError(error)
    try:
        token = wintypes.HANDLE()
        if not advapi32.OpenProcessToken(kernel32.GetCurrentProcess(), 0x8, ctypes.byref(token)):  # TOKEN_QUERY
            raise ctypes.WinError(ctypes.get_last_error())
        size = wintypes.DWORD()
        advapi32.GetTokenInformation(token, 1, None, 0, ctypes.byref(size))  # TokenUser: ask its size first
        buffer = ctypes.create_string_buffer(size.value)
        if not advapi32.GetTokenInformation(token, 1, buffer, size, ctypes.byref(size)):
            raise ctypes.WinError(ctypes.get_last_error())
        kernel32.CloseHandle(token)
        user = sid_text(ctypes.c_void_p.from_buffer(buffer).value)  # TOKEN_USER starts with the SID's address

        class AclSizeInformation(ctypes.Structure):
            _fields_ = [("AceCount", wintypes.DWORD), ("AclBytesInUse", wintypes.DWORD), ("AclBytesFree", wintypes.DWORD)]

        class AceHeader(ctypes.Structure):
            _fields_ = [("AceType", ctypes.c_ubyte), ("AceFlags", ctypes.c_ubyte), ("AceSize", wintypes.WORD)]

        aces = []
        if dacl.value:  # no DACL at all grants everyone full access
            info = AclSizeInformation()
            advapi32.GetAclInformation(dacl, ctypes.byref(info), ctypes.sizeof(info), 2)  # AclSizeInformation
            for index in range(info.AceCount):
                ace = ctypes.c_void_p()
                advapi32.GetAce(dacl, index, ctypes.byref(ace))
                header = AceHeader.from_address(ace.value)
                mask = wintypes.DWORD.from_address(ace.value + ctypes.sizeof(AceHeader)).value
                sid = ace.value + ctypes.sizeof(AceHeader) + ctypes.sizeof(wintypes.DWORD)  # plain ACEs: SID follows
                aces.append((header.AceType, mask, sid_text(ctypes.c_void_p(sid)) if header.AceType in (0x0, 0x1, 0x9, 0xA) else ""))
        else:
            aces.append((0x0, WRITE_RIGHTS, "S-1-1-0"))  # Everyone
        return sid_text(owner), user, aces
    finally:
        kernel32.LocalFree(descriptor)
