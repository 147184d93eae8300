#!/usr/bin/python3
"""Before/after comparison of two `meet` builds on the forwarding shapes of sfu_bench.py.

Runs each shape with each build in turn (A, B, A, B...), so both see the same machine state,
with sfu_bench.py's own server start and load generator command (one media worker, GCM,
800 kbit/s video, 8 s). Prints sfu_bench.py's table with the build's label in front and the load
average before and after; all results go to a JSON file. docs/benchmarks.md "Hot path changes".

Usage: bench/sfu_ab.py [--rounds 2] [--subscribers 100] [--out FILE] LABEL=DIR LABEL=DIR...
       (each DIR holds a `meet` and a `meet_loadgen` binary; give both the same load generator)
"""
import argparse
import json
import os
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sfu_bench  # noqa: E402


def loadavg():
    return open("/proc/loadavg").read().split()[:3]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--subscribers", default="100",
                    help="webinar sizes, comma-separated (0: meeting10 only)")
    ap.add_argument("--no-meeting", action="store_true", help="leave out meeting10")
    ap.add_argument("--out", default="sfu_ab.json")
    ap.add_argument("builds", nargs="+", metavar="LABEL=DIR")
    args = ap.parse_args()
    # Absolute: sfu_bench.py starts the server in a temporary folder.
    builds = [(label, os.path.abspath(folder))
              for label, folder in (b.split("=", 1) for b in args.builds)]
    shapes = {} if args.no_meeting else {"meeting10": sfu_bench.SHAPES["meeting10"]}
    for n in (int(s) for s in args.subscribers.split(",") if int(s) > 0):
        shapes[f"webinar{n}"] = dict(rooms=1, publishers=1, subscribers=n)
    print("load average", loadavg(), flush=True)
    print(f"{'build':<6} " + sfu_bench.HEADER, flush=True)  # server column: always meet
    results = []
    for _ in range(args.rounds):
        for name, shape in shapes.items():
            for label, folder in builds:
                run = types.SimpleNamespace(
                    meet=os.path.join(folder, "meet"), loadgen=os.path.join(folder, "meet_loadgen"),
                    workers=1, video_kbps=800, duration=8, srtp="gcm", ns=None)
                r = sfu_bench.one_shape(run, "meet", name, shape)
                r.update(build=label, loadavg=loadavg())
                results.append(r)
                print(f"{label:<6} " + sfu_bench.row(r), flush=True)
    print("load average", loadavg(), flush=True)
    with open(args.out, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
