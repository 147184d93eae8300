"""Starts `meet serve` on free loopback ports in a temp folder, for script tests."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_media_port():
    """A port free for both UDP and TCP."""
    while True:
        p = free_port(socket.SOCK_DGRAM)
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", p))
            return p
        except OSError:
            continue


def port_open_via(prefix, host, port):
    """Whether host:port accepts TCP, asked from where `prefix` runs commands."""
    probe = ("import socket,sys\n"
             "try: socket.create_connection((sys.argv[1], int(sys.argv[2])), 1)\n"
             "except OSError: sys.exit(1)")
    return subprocess.run([*prefix, "python3", "-c", probe, host, str(port)]).returncode == 0


class ServerProcess:
    """A server started by a test or benchmark: `proc` writes to `log` inside its own temp
    folder `dir`; stop() ends it and removes the folder."""

    def output(self):
        self.log.flush()
        with open(self.log.name) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class MeetProcess(ServerProcess):
    """`prefix` runs the server through another command (bench/sfu_bench.py: `ip netns exec NS`,
    which execs, so proc.pid is still the server's); readiness is then probed through it too."""

    def __init__(self, meet, extra_env=None, args=(), prefix=()):
        self.prefix = list(prefix)
        self.dir = tempfile.mkdtemp(prefix="deploy_meet_")
        self.port = free_port()
        env = dict(os.environ)
        env.update({"HTTP_PORT": str(self.port), "BIND": "127.0.0.1", "WORKERS": "1",
                    "UDP_PORT": str(free_media_port()), "DATA_DIR": self.dir,
                    "PUBLIC_IP": "127.0.0.1", "LOG_LEVEL": "warn"})
        env.update(extra_env or {})
        self.host = env["BIND"]
        self.log = open(os.path.join(self.dir, "meet.log"), "w+")
        self.proc = subprocess.Popen([*self.prefix, meet, "serve", *args], env=env, cwd=self.dir,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def wait_ready(self, scheme="http"):
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("meet exited: " + self.output())
            if self.prefix:
                if port_open_via(self.prefix, self.host, self.port):
                    return
                time.sleep(0.1)
                continue
            try:
                with socket.create_connection((self.host, self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("meet did not start: " + self.output())

