"""The load generator (bench/loadgen) for 10 s against `meet serve` on loopback: two rooms of
three publishing participants plus two subscribe-only ones, through real signaling, ICE, DTLS
and SRTP. On an unloaded loopback nothing may be lost: every subscriber gets every packet of
every stream it should receive, and the summary says so.
Usage: loadgen_smoke_test.py PATH_TO_MEET PATH_TO_MEET_LOADGEN
"""
import json
import os
import secrets
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "app"))
from meet_process import MeetProcess  # noqa: E402

MEET, LOADGEN = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


class LoadgenSmoke(unittest.TestCase):
    def test_no_loss_on_loopback(self):
        secret = secrets.token_hex(16)
        server = MeetProcess(MEET, {"MEET_TOKEN_SECRET": secret, "MAX_CONNECTIONS_PER_IP": "0"})
        try:
            run = subprocess.run(
                [LOADGEN, "--label", "smoke", "--port", str(server.port), "--token-secret", secret,
                 "--rooms", "2", "--publishers", "3", "--subscribers", "2", "--video-kbps", "500",
                 "--duration", "10", "--setup-timeout", "15", "--server-pid", str(server.proc.pid)],
                capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr + server.output()[-3000:])
            result = json.loads(run.stdout.strip().splitlines()[-1])
            print(json.dumps(result), file=sys.stderr)
            # 2 rooms x 5 subscribers x the other publishers' 2 streams, for 10 s.
            self.assertGreater(result["expected_packets"], 2 * (3 * 2 + 2 * 3) * 2 * 50 * 9)
            self.assertEqual(result["lost_packets"], 0, result)
            self.assertEqual(result["received_packets"], result["expected_packets"])
            self.assertEqual(result["unprotect_failures"], 0)
            self.assertGreater(result["server_cpu_s"], 0)
            self.assertGreater(result["server_rss_kb"], 0)
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
