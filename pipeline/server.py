"""A local Prefect server for the command line: used when no Prefect API is configured.

Prefect's own fallback, a temporary ("ephemeral") server, cannot run schedules, and every
process that is not the flow's own (a ``--workers`` process, a Dask worker) starts another
temporary server of its own, 5-15 s each. So the command line starts one local server itself:

    >>> with prefect_api(Path(".state")) as url:   # PREFECT_API_URL set: that server, as is
    ...     ingest(...)                             # flows, workers, served runs all use ``url``

It listens on 127.0.0.1 only, keeps its database (SQLite) and its log under
``<state>/prefect/``, is ready when ``/api/health`` answers, and is stopped when the block
ends. It also stops by itself when the process that started it dies, even by SIGKILL (it
watches its parent), so no server outlives its command. Its output goes to
``<state>/prefect/server.log``, never to the terminal.
"""
from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

log = logging.getLogger(__name__)

START_TIMEOUT = 120.0  # seconds; the first start creates the database (10-15 s here)
STOP_TIMEOUT = 10.0
HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The local Prefect server did not start; the message says why and where its log is."""


def configured_api_url() -> str | None:
    """The Prefect API the user configured (``PREFECT_API_URL`` or a Prefect profile), if any."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def server_environment(state_dir: Path, *, ui: bool = False) -> dict[str, str]:
    """The environment of the server process: offline, its database under ``state_dir``."""
    env = dict(os.environ)
    for name in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILE"):
        env.pop(name, None)
    env.update({
        "PREFECT_HOME": str(Path(state_dir).resolve() / "prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "true" if ui else "false",
        "PREFECT_UI_ENABLED": "true" if ui else "false",
        "PREFECT_SERVER_LOGGING_LEVEL": env.get("PREFECT_SERVER_LOGGING_LEVEL", "WARNING"),
    })
    return env


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    import httpx

    try:
        return httpx.get(f"{url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class LocalServer:
    """A Prefect server process started by :func:`start_server`."""

    api_url: str
    process: subprocess.Popen
    log_path: Path
    log_offset: int = 0  # where this server's part of the log starts

    @property
    def url(self) -> str:
        """The server's address without ``/api`` (where its UI is, when enabled)."""
        return self.api_url.removesuffix("/api")

    def running(self) -> bool:
        return self.process.poll() is None

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until the server answers (``ServerError`` if it dies or does not answer in time)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                said = _tail(self.log_path, since=self.log_offset)
                if b"address already in use" in said.lower():
                    raise PortTaken(self.api_url)
                raise ServerError(f"the local Prefect server exited with code {self.process.returncode}; see "
                                  f"{self.log_path}:\n" + said.decode("utf-8", "replace"))
            if _answers(self.api_url):
                log.debug("Prefect server ready at %s (log %s)", self.api_url, self.log_path)
                return
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"the local Prefect server did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class PortTaken(ServerError):
    """Another program took the chosen port first."""


# The local server shares the cores with the workers; each task's state updates cost it tens of ms
# of CPU, which the workers' analysis needs more (nice(1) levels: 0 normal, 19 lowest).
SERVER_NICENESS = 10


def launch_server(state_dir: Path, *, ui: bool = False) -> LocalServer:
    """Start a Prefect server process on 127.0.0.1 (a free port) without waiting for it; the
    caller does other start-up work meanwhile and then calls ``wait_ready``."""
    home = Path(state_dir).resolve() / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    log_path = home / "server.log"
    port = _free_port()
    with open(log_path, "ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--port", str(port), "--parent", str(os.getpid())],
            env=server_environment(state_dir, ui=ui), stdin=subprocess.DEVNULL, stdout=log_file,
            stderr=subprocess.STDOUT, start_new_session=True, cwd=str(home))
    try:  # below the analysis: the server's bookkeeping may wait a moment, a worker should not
        os.setpriority(os.PRIO_PROCESS, process.pid, SERVER_NICENESS)
    except (OSError, AttributeError):
        pass
    return LocalServer(api_url=f"http://{HOST}:{port}/api", process=process, log_path=log_path,
                       log_offset=log_path.stat().st_size)


def start_server(state_dir: Path, *, ui: bool = False, timeout: float = START_TIMEOUT) -> LocalServer:
    """Start a Prefect server on 127.0.0.1 (a free port) and wait until it answers."""
    deadline = time.monotonic() + timeout
    for _attempt in range(3):  # another program may take the port between choosing and binding
        server = launch_server(state_dir, ui=ui)
        try:
            server.wait_ready(max(1.0, deadline - time.monotonic()))
            return server
        except PortTaken:
            continue
    raise ServerError(f"no free port for the local Prefect server; see {server.log_path}")


def _tail(path: Path, size: int = 2000, since: int = 0) -> bytes:
    try:
        with open(path, "rb") as f:
            f.seek(max(since, f.seek(0, os.SEEK_END) - size))
            return f.read()
    except OSError:
        return b""


def api_url_in_environment() -> bool:
    """Whether a Prefect API may be configured, judged without importing Prefect (slow): the
    environment, or a Prefect profiles file that names one. When in doubt, True."""
    if os.environ.get("PREFECT_API_URL") or os.environ.get("PREFECT_PROFILE"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml")
    try:
        return "PREFECT_API_URL" in profiles.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except OSError:
        return True


@contextlib.contextmanager
def use_api(api_url: str, *, heartbeats: bool = True) -> Iterator[str]:
    """Point Prefect in this process, and every process it starts, at ``api_url``. Without
    ``heartbeats`` this process's flow runs send none (they let a server that outlives the run
    find it crashed; each run also waits up to a second at its end for the heartbeat thread)."""
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    before = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = api_url
    updates = {PREFECT_API_URL: api_url} if heartbeats else {PREFECT_API_URL: api_url,
                                                             PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    try:
        with temporary_settings(updates=updates):
            yield api_url
    finally:
        if before is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = before


def drain_prefect_clients(timeout: float = 5.0) -> None:
    """Send the events and logs Prefect still holds, so that none is sent to a stopped server."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (EventsWorker, APILogWorker):
        try:
            worker.drain_all(timeout=timeout)
        except Exception:  # noqa: BLE001 - best effort at shutdown; the run itself is done
            log.debug("could not drain %s", worker.__name__, exc_info=True)


@contextlib.contextmanager
def prefect_api(state_dir: Path, *, ui: bool = False, timeout: float = START_TIMEOUT,
                on_start=None, launched: LocalServer | None = None, heartbeats: bool = True) -> Iterator[str]:
    """The configured Prefect API as is, else a local server for the duration of the block.

    Yields the API URL. ``on_start(server)`` is called when a server was started here (the
    command line prints its address for ``serve``). ``launched`` is a server already started
    with ``launch_server`` (the command line starts one before it imports Prefect, so that the
    two overlap); it is used, or stopped when a configured API makes it unneeded.
    """
    url = configured_api_url()
    if url:
        if launched is not None:
            launched.stop()
        yield url
        return
    server = None
    if launched is not None:
        try:
            launched.wait_ready(timeout)
            server = launched
        except PortTaken:
            pass
    server = server or start_server(state_dir, ui=ui, timeout=timeout)
    try:
        if on_start is not None:
            on_start(server)
        with use_api(server.api_url, heartbeats=heartbeats):
            try:
                yield server.api_url
            finally:
                drain_prefect_clients()
    finally:
        server.stop()


# --- the server process itself -----------------------------------------------------------------

def _watch_parent(parent: int) -> None:
    """Stop this server when the process that started it is gone (even after a SIGKILL)."""
    import threading

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(STOP_TIMEOUT)
                os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve_api(port: int, parent: int) -> None:
    import uvicorn

    _watch_parent(parent)
    uvicorn.run("prefect.server.api.server:create_app", factory=True, host=HOST, port=port,
                log_level="warning", lifespan="on", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    # run as a script (``python pipeline/server.py``), not as ``-m pipeline.server``: the server
    # needs Prefect, not the pipeline package (spaCy, pandas), and its folder must not shadow
    # module names on sys.path
    del sys.path[0]
    import argparse

    ap = argparse.ArgumentParser(description="a Prefect API server on 127.0.0.1 (started by flows.py)")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--parent", type=int, required=True)
    opts = ap.parse_args()
    _serve_api(opts.port, opts.parent)
