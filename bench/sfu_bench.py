#!/usr/bin/python3
"""Forwarding benchmark of `meet` (docs/benchmarks.md "Forwarding capacity").

Starts `meet serve` (one media worker unless --workers) on free loopback ports for each shape,
drives it with bench/loadgen (meet_loadgen: real signaling, ICE, DTLS, SRTP), and prints a table:
forwarded packets/s, server CPU per forwarded packet (utime+stime of the server process over the
measurement window), loss, p50/p99 one-way delay through the server, server memory. Shapes:
  meeting10   one room, 10 participants, everyone sends audio+video to everyone
  webinar200  one publisher, 200 subscribe-only participants
  rooms100x2  100 rooms of two participants
  ramp        webinar with more and more subscribers until loss exceeds 1 % (the capacity)
and the limit probe (bench/limit_probe.cpp) when it is built. Results also go to a JSON file.

Usage: bench/sfu_bench.py [--build build] [--shapes meeting10,webinar200,rooms100x2,ramp]
       [--duration 10] [--video-kbps 800] [--workers 1] [--out bench/results/sfu.json]
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "app"))
from meet_process import MeetProcess  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SHAPES = {
    "meeting10": dict(rooms=1, publishers=10, subscribers=0),
    "webinar200": dict(rooms=1, publishers=1, subscribers=200),
    "rooms100x2": dict(rooms=100, publishers=2, subscribers=0, join_interval_ms=20),
}
RAMP_STEPS = [50, 100, 200, 300, 400, 600, 800, 1000]


class Meet(MeetProcess):
    """`meet serve` as the benchmark runs it: its own token secret (the load generator signs
    join tokens with it), `workers` media workers, no per-address or audio-forwarding limits."""

    def __init__(self, binary, workers):
        self.secret = secrets.token_hex(16)
        self.address = "127.0.0.1"
        super().__init__(binary, extra_env={
            "WORKERS": str(workers), "MEET_TOKEN_SECRET": self.secret,
            "MAX_CONNECTIONS_PER_IP": "0", "AUDIO_SPEAKERS_ONLY_ABOVE": "0", "ICE_NO_TCP": "true"})


def run_loadgen(loadgen, server, label, shape, args):
    cmd = [loadgen, "--label", label, "--host", server.address, "--bind", server.address,
           "--port", str(server.port), "--token-secret", server.secret,
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
    result["command"] = " ".join(cmd).replace(server.secret, "SECRET")
    return result


def one_shape(args, label, shape):
    server = Meet(args.meet, args.workers)
    try:
        return run_loadgen(args.loadgen, server, label, shape, args)
    finally:
        server.stop()


def ramp(args):
    steps = []
    for n in RAMP_STEPS:
        r = one_shape(args, f"ramp{n}", dict(rooms=1, publishers=1, subscribers=n))
        steps.append(r)
        print(row(r), flush=True)
        if "error" in r or r.get("loss_pct", 100) > 1.0:
            break
    ok = [s for s in steps if "error" not in s and s.get("loss_pct", 100) <= 1.0]
    return steps, (ok[-1] if ok else None)


def row(r):
    if "error" in r:
        return f"{r['label']:<12} ERROR {r['error']}"
    return (f"{r['label']:<12} {r['participants']:>5} {r['forwarded_pps']:>10.0f} "
            f"{r.get('server_cpu_us_per_packet', 0):>8.2f} {r.get('server_cpu_pct', 0):>6.1f} "
            f"{r['loss_pct']:>7.3f} {r['delay_p50_us'] / 1000:>7.2f} {r['delay_p99_us'] / 1000:>7.2f} "
            f"{r.get('server_rss_kb', 0) / 1024:>7.1f} {r.get('loadgen_cpu_pct', 0):>6.1f}")


HEADER = (f"{'shape':<12} {'peers':>5} {'fwd pkt/s':>10} {'µs/pkt':>8} {'cpu %':>6} "
          f"{'loss %':>7} {'p50 ms':>7} {'p99 ms':>7} {'RSS MiB':>7} {'lg cpu%':>6}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--shapes", default="meeting10,webinar200,rooms100x2,ramp")
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--video-kbps", type=int, default=800)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--srtp", default="gcm", choices=["gcm", "cm"])
    ap.add_argument("--meet", help="server binary (default: BUILD/meet)")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "sfu.json"))
    args = ap.parse_args()
    args.meet = args.meet or os.path.join(args.build, "meet")
    args.loadgen = os.path.join(args.build, "meet_loadgen")
    probe = os.path.join(args.build, "limit_probe")
    results = {"uptime": open("/proc/loadavg").read().split()[:3], "nproc": os.cpu_count(),
               "video_kbps": args.video_kbps, "workers": args.workers, "srtp": args.srtp,
               "shapes": [], "ramp": [], "limit_probe": []}
    if os.path.exists(probe):
        out = subprocess.run([probe, "2"], capture_output=True, text=True, timeout=120).stdout
        results["limit_probe"] = [json.loads(line) for line in out.splitlines() if line.strip()]
        for p in results["limit_probe"]:
            print(f"limit probe {p['probe']:<24} {p.get('pps', 0):>10.0f} pkt/s "
                  f"{p.get('us_per_packet', 0):>7.3f} µs/pkt")
    print(HEADER, flush=True)
    for name in args.shapes.split(","):
        if name == "ramp":
            steps, best = ramp(args)
            results["ramp"] = steps
            results["capacity"] = best
            if best:
                print(f"capacity: {best['subscribers_per_room']} subscribers of one publisher, "
                      f"{best['forwarded_pps']:.0f} forwarded pkt/s at {best['loss_pct']:.3f} % loss")
            continue
        r = one_shape(args, name, SHAPES[name])
        results["shapes"].append(r)
        print(row(r), flush=True)
    results["uptime_after"] = open("/proc/loadavg").read().split()[:3]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"results: {args.out}; load average before {results['uptime']} after "
          f"{results['uptime_after']}")


if __name__ == "__main__":
    sys.exit(main())
