"""The site written in a process of its own, which ends before the build waits for its search index.

A build's largest moment is the last edition's search index: Pagefind (about 715 MiB at 1,000 briefs) runs
while the build waits for it. Whatever the process that checked, rendered and wrote the site still holds then
adds to that peak: after the rendered pages are let go, about 270 MiB, most of it memory the allocator keeps
for reuse. So `tradebriefs build` forks once its inputs are known to have changed: the child checks, renders
and writes every edition into the staging folders (build.stage) and ends; the parent, which made those
folders and holds their locks, only starts each edition's index as the child hands it over, waits for the
last, swaps the site in and keeps the manifests (build.publish, build.keep_manifests).

The two talk over one pipe, in one direction: ("index", folder) for each edition written, then ("staged",
build.Staged) or ("failed", exit status). A child that fails says why itself, as the build would, and its
status becomes the build's; the parent then stops the indexes and removes the folders. The store is one
SQLite file: neither process uses the other's connection (BuildContext.release_store before the fork), the
child commits what it wrote (Store.commit), and the parent cleans up once the site is in place (Store.finish
with the child's kinds).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from multiprocessing import Pipe
from multiprocessing.connection import Connection
from pathlib import Path

from tradebriefs.publish.build import SiteError, Staged
from tradebriefs.publish.searchindex import Indexes

INDEX, STAGED, FAILED = "index", "staged", "failed"


def can_fork() -> bool:
    """Whether this system forks (not Windows: there the build writes the site in its own process)."""
    return hasattr(os, "fork")


class Relay:
    """Stands for searchindex.Indexes in the child: each written edition's folder goes to the parent."""

    def __init__(self, connection: Connection):
        self.connection = connection

    def submit(self, site_dir: Path) -> None:
        self.connection.send((INDEX, str(site_dir)))


def staged_apart(
    work: Callable[[Relay], Staged],
    said: Callable[[BaseException], int],
    indexes: Indexes,
    folders: set[Path],
) -> Staged | int:
    """Run `work` in a forked child, which hands each folder it wrote (one of `folders`) to `indexes` here,
    and returns its Staged. When `work` raises, the child reports the error with `said` (which prints it and
    returns the exit status) and ends with that status; this returns that status. A child that ended without
    a word (killed) raises WriterEnded."""
    receiving, sending = Pipe(duplex=False)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        receiving.close()
        _run_child(work, said, sending)
    sending.close()
    try:
        staged = _receive(receiving, indexes, folders)
        _, status = os.waitpid(pid, 0)
    except BaseException:  # Ctrl-C, or a message that is not ours: the child goes too
        _end(pid)
        raise
    finally:
        receiving.close()
    code = os.waitstatus_to_exitcode(status)
    if isinstance(staged, Staged) and code == 0:
        return staged
    if isinstance(staged, int) and code == staged and code != 0:
        return code  # it said why
    raise WriterEnded(ended_how(code))


class WriterEnded(SiteError):
    """The process writing the site ended without a word: killed (the system's out-of-memory killer sends
    SIGKILL), or a bug below Python."""


def ended_how(code: int) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"tradebriefs: error: the process writing the site was killed by {name}{hint}"
    return f"tradebriefs: error: the process writing the site ended with status {code} and did not say why"


def _run_child(work, said, sending: Connection) -> None:
    code = 1
    try:
        try:
            sending.send((STAGED, work(Relay(sending))))  # pickled whole before a byte is sent
            code = 0
        except BaseException as error:
            code = said(error)
            sending.send((FAILED, code))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # no clean-up of the parent's: its folders, locks and store stay its own


def _receive(receiving: Connection, indexes: Indexes, folders: set[Path]) -> Staged | int | None:
    """The child's last word: its Staged, its exit status when it failed and said why, or None."""
    while True:
        try:
            kind, value = receiving.recv()
        except EOFError:  # the child ended without a last word (killed)
            return None
        if kind == INDEX:
            folder = Path(value)
            if folder not in folders:
                raise RuntimeError(
                    f"the writing process asked to index {folder}, not one of its folders"
                )
            indexes.submit(folder)
        elif kind == STAGED:
            return value
        elif kind == FAILED:
            return int(value)
        else:
            raise RuntimeError(f"the writing process said {kind!r}")


def _end(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
