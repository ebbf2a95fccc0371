"""`--dask ADDRESS` or `--dask local[:N]`: a command's model runs on a Dask cluster, through the
optional extra ``innovsd[dask]``; the API takes the cluster's executor as ``executor=``."""

from __future__ import annotations

import logging
import os
import re
from contextlib import contextmanager
from typing import Iterator, Optional

import typer

from innovsd.errors import InputError

LOCAL = re.compile(r"local(?::(\d+))?")
ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[^\s/:]+:\d+/?")
CONNECT_SECONDS = 20


def dask_option():
    return typer.Option(None, "--dask", metavar="ADDRESS|local[:N]",
                        help="Run the model on Dask: a scheduler's address (tcp://HOST:8786), or local[:N] for N "
                             "worker processes on this machine (default: one per core). Needs innovsd[dask].")


@contextmanager
def dask_executor(address: Optional[str]) -> Iterator:
    """None without ``address``; else the executor of a client of that scheduler, or of a local
    cluster of N single-threaded worker processes, closed on the way out."""
    if address is None:
        yield None
        return
    text = address.strip()
    local = LOCAL.fullmatch(text)
    if not local and not ADDRESS.fullmatch(text) or local and local[1] is not None and int(local[1]) < 1:
        raise InputError("not a dask address", value=address, field="dask")
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("dask missing", field="dask") from None
    cluster = None
    try:
        if local:
            workers = int(local[1] or os.cpu_count() or 1)
            # One process per core, each on one thread: the kernel's own threads would only compete.
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                                   silence_logs=logging.ERROR, env={"NUMBA_NUM_THREADS": "1"})
            client = Client(cluster)
        else:
            try:
                client = Client(text, timeout=CONNECT_SECONDS)
            except (OSError, TimeoutError) as error:
                raise InputError("dask unreachable", address=text, reason=error, field="dask") from None
        with client:
            yield client.get_executor()
    finally:
        if cluster is not None:
            cluster.close()
