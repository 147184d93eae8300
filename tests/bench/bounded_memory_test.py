"""What a room of maximal publishers makes `meet serve` hold, and that it is given back.

Eight participants each publish the most tracks a participant may (8: one audio, seven video),
first subscribing to each other at a low rate (the subscriber side: 392 forwarded video tracks),
then publish-only at 3 Mbit/s per video track (every packet cache at its largest, 512 slots).
The server's peak resident memory over its idle level must stay within the bound README's
Limits table documents, the run must really have made the server hold the caches (else the
test could not fail), and after everyone leaves the memory must return near idle.
Usage: bounded_memory_test.py PATH_TO_MEET PATH_TO_MEET_LOADGEN
"""
import json
import os
import secrets
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "app"))
from meet_process import MeetProcess  # noqa: E402

MEET, LOADGEN = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])

MIB = 1024
PARTICIPANTS = 8
VIDEO_TRACKS = 7  # plus one audio track: the limit of 8 tracks per participant
# README "Limits": a participant at the track limit holds at most 8 MiB (seven 768 KiB packet
# caches, its transports and subscriptions).
BOUND_PER_PARTICIPANT_KB = 8 * MIB
# The seven full caches alone are 7 x 512 slots x ~1.5 KiB: below half of that the run did not
# load the server as intended.
EXPECTED_CACHES_KB = PARTICIPANTS * VIDEO_TRACKS * 512 * 3 // 2 // 2
# "Near idle" after everyone left: malloc keeps a little in its arenas.
NEAR_IDLE_KB = 8 * MIB


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


class BoundedMemory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.secret = secrets.token_hex(16)
        cls.server = MeetProcess(MEET, {"MEET_TOKEN_SECRET": cls.secret,
                                        "MAX_CONNECTIONS_PER_IP": "0"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def loadgen(self, label, *args):
        run = subprocess.run(
            [LOADGEN, "--label", label, "--port", str(self.server.port), "--token-secret",
             self.secret, "--server-pid", str(self.server.proc.pid), "--setup-timeout", "30",
             *args],
            capture_output=True, text=True, timeout=90)
        self.assertEqual(run.returncode, 0,
                         run.stdout + run.stderr + self.server.output()[-3000:])
        result = json.loads(run.stdout.strip().splitlines()[-1])
        print(json.dumps(result), file=sys.stderr)
        return result

    def settled_rss_kb(self, ceiling_kb):
        """RSS once the rooms are gone: polled for up to 5 s, until at or below `ceiling_kb`."""
        pid = self.server.proc.pid
        deadline = time.time() + 5
        rss = status_kb(pid, "VmRSS")
        while rss > ceiling_kb and time.time() < deadline:
            time.sleep(0.25)
            rss = status_kb(pid, "VmRSS")
        return rss

    def test_peak_is_bounded_and_memory_returns(self):
        pid = self.server.proc.pid
        # A small call first, so what the first call initialises once (TLS, the worker's
        # buffers) counts as idle.
        self.loadgen("warmup", "--publishers", "2", "--duration", "1", "--video-kbps", "300")
        idle = self.settled_rss_kb(0)

        full = self.loadgen("subscribed", "--publishers", str(PARTICIPANTS), "--video-tracks",
                            str(VIDEO_TRACKS), "--video-kbps", "300", "--duration", "3")
        self.assertGreater(full["received_packets"], 0)
        after_subscribed = self.settled_rss_kb(idle + NEAR_IDLE_KB)

        fast = self.loadgen("caches", "--publishers", str(PARTICIPANTS), "--publish-only",
                            "--video-tracks", str(VIDEO_TRACKS), "--video-kbps", "3000",
                            "--duration", "3")
        self.assertGreater(fast["sent_packets"], PARTICIPANTS * VIDEO_TRACKS * 250 * 2)
        peak = status_kb(pid, "VmHWM")
        after = self.settled_rss_kb(idle + NEAR_IDLE_KB)

        figures = (f"idle {idle} kB, peak {peak} kB (+{peak - idle}), after the subscribed "
                   f"room {after_subscribed} kB, after the publish-only room {after} kB")
        print(figures, file=sys.stderr)
        self.assertLessEqual(peak - idle, PARTICIPANTS * BOUND_PER_PARTICIPANT_KB, figures)
        self.assertGreaterEqual(peak - idle, EXPECTED_CACHES_KB, figures)
        self.assertLessEqual(after_subscribed - idle, NEAR_IDLE_KB, figures)
        self.assertLessEqual(after - idle, NEAR_IDLE_KB, figures)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
