"""Time from a clean clone to the first page, as `make run` does it, with empty download caches.

    python3 benchmarks/first_run.py [REPOSITORY] [--keep]

Clones REPOSITORY (default: this checkout) into a temporary folder, then runs and times what
`make run` runs: the install (`make install-app` when the Makefile has it, else `make install`),
migrate, load_demo (with the Makefile's options), and the development server until the login
page answers. pip's, uv's and
npm's caches point into the temporary folder, so every package is downloaded as on a fresh
machine. Prints one line per step (wall clock and CPU time) and the total, and the load average,
since on a shared machine the wall clock mostly measures the others.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import free_port  # noqa: E402


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, command: list[str], cwd: Path, env: dict) -> float:
    """Run a step; print its wall-clock time and the CPU time it used (what a busy machine stretches)."""
    start, cpu = time.perf_counter(), _cpu()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:7.1f} s   CPU {_cpu() - cpu:6.1f} s", flush=True)
    return seconds


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    source = args[0] if args else str(Path(__file__).resolve().parent.parent)
    work = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = work / "clone"
    env = {**os.environ, "PIP_CACHE_DIR": str(work / "pip-cache"), "UV_CACHE_DIR": str(work / "uv-cache"),
           "npm_config_cache": str(work / "npm-cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run(["git", "clone", "--quiet", source, str(clone)], check=True)
    makefile = (clone / "Makefile").read_text()
    target = "install-app" if "\ninstall-app:" in makefile else "install"
    python = clone / ".venv" / "bin" / "python"
    total = timed(f"make {target}", ["make", target], clone, env)
    total += timed("migrate", [str(python), "manage.py", "migrate", "--noinput"], clone, env)
    demo = next((line.split("manage.py", 1)[1].split() for line in makefile.splitlines()
                 if "manage.py load_demo" in line), ["load_demo"])  # as the Makefile's run target calls it
    total += timed(" ".join(demo), [str(python), "manage.py", *demo], clone, env)
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen([str(python), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=clone,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = start + 120
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("the server did not answer within 120 s")
        seconds = time.perf_counter() - start
        print(f"{'runserver to the login page':<28} {seconds:7.1f} s")
        total += seconds
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'total to the first page':<28} {total:7.1f} s   (load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs)")
    if "--keep" not in sys.argv:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
