"""Process helpers for the benchmarks: timed runs with rusage, a standalone mock LLM whose CPU time can be read,
and medians. Standard library only."""
import glob
import os
import socket
import statistics
import subprocess
import tempfile
import time


class Run:
    """One finished process: wall seconds, CPU seconds (user+sys, children included), peak RSS in KiB."""

    def __init__(self, rc, wall, cpu, maxrss_kb, stderr):
        self.rc, self.wall, self.cpu, self.maxrss_kb, self.stderr = rc, wall, cpu, maxrss_kb, stderr


TIME_BIN = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None


def run(cmd, cwd=None, env=None, peak_rss=False):
    """Runs |cmd| (a list) to completion; stdout is discarded, stderr kept for diagnostics.

    With |peak_rss|, the peak RSS comes from /usr/bin/time when it is installed (its own exec adds ~3 ms of
    wall time, so timings that matter to the millisecond leave it off): a child forked straight from this Python process
    inherits Python's own high-water mark in ru_maxrss (Linux keeps it across exec), which after a benchmark has
    loaded a 90 MB report reads as ~360 MB whatever the child used."""
    t0 = time.perf_counter()
    rss_file = None
    if peak_rss and TIME_BIN:
        fd, rss_file = tempfile.mkstemp(prefix="ab-rss-")
        os.close(fd)
        cmd = [TIME_BIN, "-f", "%M", "-o", rss_file, *cmd]
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4 gives the child's own rusage; read stderr first so a chatty child cannot block on a full pipe.
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    maxrss = ru.ru_maxrss
    if rss_file:
        with open(rss_file) as f:
            lines = [line for line in f.read().splitlines() if line.strip().isdigit()]
        os.unlink(rss_file)
        if lines:
            maxrss = int(lines[-1])
    return Run(p.returncode, wall, ru.ru_utime + ru.ru_stime, maxrss, err.decode("utf-8", "replace"))


def median(values):
    return statistics.median(values) if values else float("nan")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StandaloneMock:
    """`agent-bench mock-llm` in its own process, so its CPU time can be separated from the harness's."""

    def __init__(self, binary, script=None):
        self.port = free_port()
        cmd = [binary, "mock-llm", "--port", str(self.port)]
        if script:
            cmd += ["--script", script]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("mock-llm did not start")

    def cpu_seconds(self):
        """CPU time of every live thread (schedstat, ns resolution); exited threads are not counted."""
        total = 0
        for path in glob.glob(f"/proc/{self.proc.pid}/task/*/schedstat"):
            try:
                with open(path) as f:
                    total += int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass
        return total / 1e9

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class PeerLlm:
    """bench/peer_llm.py in its own process: a Python ThreadingHTTPServer model endpoint (backlog 5)."""

    def __init__(self, work):
        port_file = os.path.join(work, "peer_llm.port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peer_llm.py")
        self.proc = subprocess.Popen(["python3", script, port_file], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.path.exists(port_file):
                with open(port_file) as f:
                    self.port = int(f.read())
                return
            time.sleep(0.02)
        self.close()
        raise RuntimeError("peer_llm.py did not start")

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
