"""Throwaway servers for the tests and benchmarks that need a real one of their own: a free
loopback port, and a PostgreSQL server in a temporary folder (trust auth, which is safe only
because it listens on 127.0.0.1 alone). No Django here."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postgres:
    """initdb into a temporary folder on construction; ``start``, ``restart``, ``stop`` (which deletes it)."""

    def __init__(self, prefix: str = "pg-") -> None:
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
        self.dir = Path(tempfile.mkdtemp(prefix=prefix))
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8")

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / tool), *args], check=check, capture_output=True)

    def _ctl(self, *args: str) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o", options, *args)

    def start(self, database: str | None = None) -> str:
        """Start the server (creating ``database`` if named); its URL."""
        self._ctl("start")
        if database:
            self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", database)
        return f"postgres://postgres@127.0.0.1:{self.port}/{database or 'postgres'}"

    def restart(self) -> None:
        self._ctl("-m", "fast", "restart")

    def postmaster_pid(self) -> int:
        return int((self.dir / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
