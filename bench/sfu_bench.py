#!/usr/bin/python3
"""Forwarding benchmark of `meet`, and of Janus side by side (docs/benchmarks.md "Forwarding
capacity").

Starts `meet serve` (one media worker unless --workers) on free loopback ports for each shape,
drives it with bench/loadgen (meet_loadgen: real signaling, ICE, DTLS, SRTP), and prints a table:
forwarded packets/s, server CPU per forwarded packet (utime+stime of the server process over the
measurement window), loss, p50/p99 one-way delay through the server, server memory. Shapes:
  meeting10   one room, 10 participants, everyone sends audio+video to everyone
  webinar200  one publisher, 200 subscribe-only participants
  rooms100x2  100 rooms of two participants
  ramp        webinar with more and more subscribers until loss exceeds 1 % (the capacity)
and the limit probe (bench/limit_probe.cpp) when it is built. Results also go to a JSON file.

With --servers meet,janus each shape runs against both servers back to back (a fresh server per
shape), and the ratios meet/janus are printed. Janus (Debian's `janus`, configured from
bench/janus/) ignores loopback interfaces, so the script then creates a network namespace with
`lo` and an ifb device carrying 127.0.0.2 and runs everything in it (janus, meet and the load
generator, through `ip netns exec`): both servers see the same network. It needs root; Janus and
the namespace are removed on exit, also on Ctrl-C.

Usage: bench/sfu_bench.py [--build build] [--shapes meeting10,webinar200,rooms100x2,ramp]
       [--servers meet,janus] [--duration 10] [--video-kbps 800] [--workers 1]
       [--out bench/results/sfu.json]
"""
import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "app"))
from meet_process import MeetProcess, ServerProcess, port_open_via  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SHAPES = {
    "meeting10": dict(rooms=1, publishers=10, subscribers=0),
    "webinar200": dict(rooms=1, publishers=1, subscribers=200),
    "rooms100x2": dict(rooms=100, publishers=2, subscribers=0, join_interval_ms=20),
    "webinar50": dict(rooms=1, publishers=1, subscribers=50),
    "webinar100": dict(rooms=1, publishers=1, subscribers=100),
}
NS_ADDRESS = "127.0.0.2"
JANUS_PORT = 8188  # bench/janus/janus.transport.websockets.jcfg
RAMP_STEPS = [50, 100, 200, 300, 400, 600, 800, 1000]


class Namespace:
    """A network namespace with `lo` up and an ifb device `b0` carrying 127.0.0.2/32 (Janus's
    libnice gathers no candidate on a loopback interface; dummy devices are not available here).
    """

    def __init__(self):
        self.name = f"sfubench{os.getpid()}"
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        self.open = True
        for cmd in (["link", "set", "lo", "up"], ["link", "add", "b0", "type", "ifb"],
                    ["addr", "add", f"{NS_ADDRESS}/32", "dev", "b0"], ["link", "set", "b0", "up"]):
            subprocess.run(["ip", "-n", self.name, *cmd], check=True)

    def prefix(self):
        return ["ip", "netns", "exec", self.name]

    def close(self):
        if self.open:
            subprocess.run(["ip", "netns", "delete", self.name])
            self.open = False


class Meet(MeetProcess):
    """`meet serve` as the benchmark runs it: its own token secret (the load generator signs
    join tokens with it), `workers` media workers, no per-address or audio-forwarding limits;
    inside `ns` on 127.0.0.2 when given."""

    kind = "meet"

    def __init__(self, binary, workers, ns=None):
        self.secret = secrets.token_hex(16)
        self.address = NS_ADDRESS if ns else "127.0.0.1"
        super().__init__(binary, extra_env={
            "WORKERS": str(workers), "MEET_TOKEN_SECRET": self.secret,
            "MAX_CONNECTIONS_PER_IP": "0", "AUDIO_SPEAKERS_ONLY_ABOVE": "0", "ICE_NO_TCP": "true",
            "BIND": self.address, "PUBLIC_IP": self.address},
            prefix=ns.prefix() if ns else ())

    def loadgen_args(self):
        return ["--host", self.address, "--port", str(self.port), "--token-secret", self.secret]


class Janus(ServerProcess):
    """`janus -F bench/janus` inside `ns` (its API on ws://127.0.0.2:8188/), logging to a temp
    folder. `ip netns exec` execs, so proc.pid is Janus's own."""

    kind = "janus"

    def __init__(self, binary, ns):
        self.address = NS_ADDRESS
        self.secret = None
        self.dir = tempfile.mkdtemp(prefix="sfu_janus_")
        self.log = open(os.path.join(self.dir, "janus.log"), "w+")
        self.proc = subprocess.Popen(
            [*ns.prefix(), binary, "-F", os.path.join(HERE, "janus"), "--disable-colors"],
            cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while not port_open_via(ns.prefix(), self.address, JANUS_PORT):
            if self.proc.poll() is not None or time.time() > deadline:
                log = self.output()
                self.stop()
                raise RuntimeError("janus did not start: " + log)
            time.sleep(0.2)

    def loadgen_args(self):
        return ["--server", "janus", "--janus-url", f"ws://{self.address}:{JANUS_PORT}/"]


def run_loadgen(loadgen, server, label, shape, args):
    prefix = args.ns.prefix() if args.ns else []
    cmd = [*prefix, loadgen, "--label", label, *server.loadgen_args(), "--bind", server.address,
           "--server-pid", str(server.proc.pid), "--rooms", str(shape["rooms"]),
           "--publishers", str(shape["publishers"]), "--subscribers", str(shape["subscribers"]),
           "--video-kbps", str(args.video_kbps), "--duration", str(args.duration),
           "--setup-timeout", "60", "--srtp", args.srtp,
           "--join-interval-ms", str(shape.get("join_interval_ms", 5))]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 120)
    lines = run.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        result = {"label": label, "error": f"loadgen exit {run.returncode}: {run.stderr[-500:]}"}
    # The secret is a throwaway of this run; keep it out of the results anyway.
    result["command"] = " ".join(cmd)
    if server.secret:
        result["command"] = result["command"].replace(server.secret, "SECRET")
    result["server"] = server.kind
    return result


def one_shape(args, kind, label, shape):
    if kind == "janus":
        server = Janus(args.janus, args.ns)
    else:
        server = Meet(args.meet, args.workers, args.ns)
    try:
        return run_loadgen(args.loadgen, server, label, shape, args)
    finally:
        server.stop()


def ramp(args, kind):
    steps = []
    for n in RAMP_STEPS:
        r = one_shape(args, kind, f"ramp{n}", dict(rooms=1, publishers=1, subscribers=n))
        steps.append(r)
        print(row(r), flush=True)
        if "error" in r or r.get("loss_pct", 100) > 1.0:
            break
    ok = [s for s in steps if "error" not in s and s.get("loss_pct", 100) <= 1.0]
    return steps, (ok[-1] if ok else None)


def row(r):
    if "error" in r:
        return f"{r.get('server', ''):<7}{r['label']:<12} ERROR {r['error']}"
    return (f"{r.get('server', ''):<7}{r['label']:<12} {r['participants']:>5} "
            f"{r['forwarded_pps']:>10.0f} "
            f"{r.get('server_cpu_us_per_packet', 0):>8.2f} {r.get('server_cpu_pct', 0):>6.1f} "
            f"{r['loss_pct']:>7.3f} {r['delay_p50_us'] / 1000:>7.2f} {r['delay_p99_us'] / 1000:>7.2f} "
            f"{r.get('server_rss_kb', 0) / 1024:>7.1f} {r.get('loadgen_cpu_pct', 0):>6.1f}")


HEADER = (f"{'server':<7}{'shape':<12} {'peers':>5} {'fwd pkt/s':>10} {'µs/pkt':>8} "
          f"{'cpu %':>6} "
          f"{'loss %':>7} {'p50 ms':>7} {'p99 ms':>7} {'RSS MiB':>7} {'lg cpu%':>6}")


RATIO_KEYS = [("forwarded_pps", "fwd pkt/s"), ("server_cpu_us_per_packet", "µs/pkt"),
              ("delay_p50_us", "p50"), ("delay_p99_us", "p99"), ("server_rss_kb", "RSS")]


def ratios(meet, janus):
    """meet/janus for each figure both runs have (None where one failed or is zero)."""
    out = {}
    for key, _ in RATIO_KEYS:
        a, b = meet.get(key), janus.get(key)
        ok = "error" not in meet and "error" not in janus and a is not None and b
        out[key] = a / b if ok else None
    return out


def ratio_line(label, r):
    cells = [f"{name} {r[key]:.2f}" if r[key] is not None else f"{name} -"
             for key, name in RATIO_KEYS]
    return f"ratio meet/janus {label:<12} " + ", ".join(cells)


def run_shapes(args, results):
    for name in args.shapes.split(","):
        if name == "ramp":
            for kind in args.servers:
                steps, best = ramp(args, kind)
                results["ramp"] += steps
                results.setdefault("capacity", {})[kind] = best
                if best:
                    print(f"{kind} capacity: {best['subscribers_per_room']} subscribers of one "
                          f"publisher, {best['forwarded_pps']:.0f} forwarded pkt/s at "
                          f"{best['loss_pct']:.3f} % loss", flush=True)
            continue
        by_server = {}
        for kind in args.servers:
            r = one_shape(args, kind, name, SHAPES[name])
            results["shapes"].append(r)
            by_server[kind] = r
            print(row(r), flush=True)
        if "meet" in by_server and "janus" in by_server:
            r = ratios(by_server["meet"], by_server["janus"])
            results["ratios"][name] = r
            print(ratio_line(name, r), flush=True)


def interrupt(_signum, _frame):
    raise KeyboardInterrupt()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shapes", default="meeting10,webinar200,rooms100x2,ramp")
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--video-kbps", type=int, default=800)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--srtp", default="gcm", choices=["gcm", "cm"])
    ap.add_argument("--servers", default="meet", help="meet, janus or meet,janus")
    ap.add_argument("--meet", help="server binary (default: BUILD/meet)")
    ap.add_argument("--janus", default="janus", help="Janus binary (Debian's `janus`)")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "sfu.json"))
    args = ap.parse_args()
    args.meet = args.meet or os.path.join(args.build, "meet")
    args.loadgen = os.path.join(args.build, "meet_loadgen")
    args.servers = args.servers.split(",")
    args.ns = None
    # Ctrl-C raises KeyboardInterrupt; SIGTERM too, so the finally blocks stop Janus and meet
    # and delete the namespace.
    signal.signal(signal.SIGTERM, interrupt)
    if "janus" in args.servers:
        args.ns = Namespace()
    try:
        return bench(args)
    finally:
        if args.ns:
            args.ns.close()


def bench(args):
    probe = os.path.join(args.build, "limit_probe")
    results = {"uptime": open("/proc/loadavg").read().split()[:3], "nproc": os.cpu_count(),
               "video_kbps": args.video_kbps, "workers": args.workers, "srtp": args.srtp,
               "servers": args.servers, "namespace": bool(args.ns),
               "shapes": [], "ramp": [], "ratios": {}, "limit_probe": []}
    if os.path.exists(probe):
        out = subprocess.run([probe, "2"], capture_output=True, text=True, timeout=120).stdout
        results["limit_probe"] = [json.loads(line) for line in out.splitlines() if line.strip()]
        for p in results["limit_probe"]:
            print(f"limit probe {p['probe']:<24} {p.get('pps', 0):>10.0f} pkt/s "
                  f"{p.get('us_per_packet', 0):>7.3f} µs/pkt")
    print(HEADER, flush=True)
    run_shapes(args, results)
    results["uptime_after"] = open("/proc/loadavg").read().split()[:3]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"results: {args.out}; load average before {results['uptime']} after "
          f"{results['uptime_after']}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
