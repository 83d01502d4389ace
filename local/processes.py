"""Child processes of the local stack: started in their own process group, their output prefixed
with their name, stopped together with everything they started."""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
import threading

from local.environment import REPO

# What the web process and the event runner run; a change restarts them. Templates are not here:
# Jinja re-reads a changed template by itself.
WATCHED = (REPO / "app.py", REPO / ".chalice" / "config.json")
WATCHED_TREES = (REPO / "chalicelib", REPO / "local")
STOP_GRACE_SECONDS = 5.0
_print_lock = threading.Lock()


def source_fingerprint() -> tuple:
    """Every watched file with its modification time: equal fingerprints, unchanged code."""
    files = [p for p in WATCHED if p.exists()]
    for tree in WATCHED_TREES:
        files.extend(tree.rglob("*.py"))
    stamps = []
    for path in sorted(files):
        try:
            stamps.append((str(path), path.stat().st_mtime_ns))
        except FileNotFoundError:
            continue  # deleted while we looked; the next look sees it gone
    return tuple(stamps)


def say(line: str) -> None:
    with _print_lock:
        print(line, flush=True)


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, receive SIGTERM if the stack itself is killed, so a
    `kill -9` of `make run` leaves no server holding its port. Linux ties this to the thread that
    started the child, so children are started from the main thread only."""
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], *,
                 ready_marker: str | None = None, hide: re.Pattern | None = None):
        self.name = name
        self.argv = argv
        self.env = env
        self.ready_marker = ready_marker
        self.hide = hide
        self.ready = threading.Event()
        self.process: subprocess.Popen | None = None
        # Set when an unexpected exit has been reported, so it is reported once.
        self.exit_reported = False

    def start(self) -> "Child":
        self.ready.clear()
        self.exit_reported = False
        self.process = subprocess.Popen(
            self.argv,
            cwd=REPO,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Own process group: Ctrl-C reaches the stack only, which then stops children in order.
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        threading.Thread(target=self._pump, args=(self.process,), name=f"{self.name}-output", daemon=True).start()
        return self

    def _pump(self, process: subprocess.Popen) -> None:
        for raw in process.stdout:
            line = raw.decode(errors="replace").rstrip()
            if self.ready_marker and self.ready_marker in line:
                self.ready.set()
            if line and not (self.hide and self.hide.search(line)):
                say(f"[{self.name}] {line}")

    def exited(self) -> bool:
        return self.process is None or self.process.poll() is not None

    @property
    def returncode(self) -> int | None:
        return None if self.process is None else self.process.returncode

    def stop(self) -> None:
        """SIGTERM to the whole group, then SIGKILL to whatever is left after the grace period."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        self._signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self._signal_group(process, signal.SIGKILL)
            process.wait()
        # Grandchildren die with the group too (a server's worker, say).
        self._signal_group(process, signal.SIGKILL)

    @staticmethod
    def _signal_group(process: subprocess.Popen, signum: int) -> None:
        try:
            os.killpg(process.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass

