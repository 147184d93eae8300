"""`meet doctor` on a correct configuration (every line ok, exit 0), then with one thing broken
at a time (that check says FAIL with what to fix, exit 1). Real coturn answers the TURN check.
Usage: doctor_test.py PATH_TO_MEET_BINARY
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from meet_process import free_media_port, free_port  # noqa: E402

MEET = sys.argv[1]
AZURITE = os.path.join(os.path.dirname(__file__), "..", "..", "web", "node_modules", ".bin",
                       "azurite-blob")
# Azurite's well-known development account (public, documented by Microsoft).
AZURITE_KEY = ("Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
               "KBHBeksoGMGw==")


def azure_connection(port, key=AZURITE_KEY):
    return ("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
            f"AccountKey={key};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;")
CHECKS = ["settings", "ports", "public ip", "tls", "ffmpeg", "turn", "storage", "database"]


def make_cert(folder, name, days):
    cert, key = os.path.join(folder, name + ".crt"), os.path.join(folder, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", str(days), "-subj",
                    "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


class Doctor(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="deploy_doctor_")
        cls.cert, cls.key = make_cert(cls.dir, "good", 90)
        cls.turn_port = free_media_port()
        cls.coturn = subprocess.Popen(
            ["turnserver", "-n", "--listening-ip", "127.0.0.1", "--listening-port",
             str(cls.turn_port), "--use-auth-secret", "--static-auth-secret", "s3cret",
             "--realm", "meet.test", "--no-tls", "--no-dtls", "--no-cli",
             "--log-file", "stdout", "--pidfile", os.path.join(cls.dir, "turn.pid"),
             "--min-port", "49300", "--max-port", "49310"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    @classmethod
    def tearDownClass(cls):
        cls.coturn.terminate()
        cls.coturn.wait(10)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def good_env(self):
        data = tempfile.mkdtemp(dir=self.dir)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("TURN", "SSL", "DATABASE", "PUBLIC", "TLS", "AZURE",
                                    "RECORDING"))}
        env.update({"HTTP_PORT": str(free_port()), "BIND": "127.0.0.1", "WORKERS": "1",
                    "UDP_PORT": str(free_media_port()), "PUBLIC_IP": "127.0.0.1",
                    "DATA_DIR": data, "SSL": "true", "SSL_CERT": self.cert, "SSL_KEY": self.key,
                    "TURN_SECRET": "s3cret",
                    "TURN_URLS": f"turn:127.0.0.1:{self.turn_port}?transport=udp,"
                                 f"turn:127.0.0.1:{self.turn_port}?transport=tcp"})
        return env

    def doctor(self, env):
        r = subprocess.run([MEET, "doctor"], env=env, cwd=env["DATA_DIR"]
                           if os.path.isdir(env["DATA_DIR"]) else self.dir,
                           capture_output=True, text=True, timeout=60)
        lines = {}
        for line in r.stdout.splitlines():
            for check in CHECKS:
                if line[6:].startswith(check + " "):
                    lines.setdefault(check, []).append(line)
        return r.returncode, lines, r.stdout

    def expect_only(self, env, failing, words):
        rc, lines, out = self.doctor(env)
        self.assertEqual(rc, 1, out)
        for check in CHECKS:
            self.assertIn(check, lines, out)
            failed = any(l.startswith("FAIL") for l in lines[check])
            self.assertEqual(failed, check in failing, f"{check}:\n{out}")
        for word in words:
            self.assertIn(word, out)

    def test_correct_configuration_passes(self):
        rc, lines, out = self.doctor(self.good_env())
        self.assertEqual(rc, 0, out)
        self.assertEqual(sorted(lines), sorted(CHECKS), out)
        self.assertNotIn("FAIL", out)
        self.assertIn("all checks passed", out)
        self.assertIn("answers STUN", out)
        self.assertIn("draws names with", out)

    def test_bad_setting(self):
        env = self.good_env()
        env["TRUSTED_PROXIES"] = "10.0.0.0/99"
        self.expect_only(env, {"settings"}, ["TRUSTED_PROXIES"])

    def test_port_in_use(self):
        env = self.good_env()
        with socket.socket() as s:
            s.bind(("127.0.0.1", int(env["HTTP_PORT"])))
            s.listen(1)
            self.expect_only(env, {"ports"}, ["in use: " + env["HTTP_PORT"] + "/tcp"])

    def test_public_ip_not_this_machine(self):
        env = self.good_env()
        env["PUBLIC_IP"] = "192.0.2.1"  # TEST-NET-1: never this machine
        self.expect_only(env, {"public ip"}, ["did not come back"])

    def test_certificate_near_expiry(self):
        env = self.good_env()
        env["SSL_CERT"], env["SSL_KEY"] = make_cert(self.dir, "old", 3)
        self.expect_only(env, {"tls"}, ["old.crt expires in ", "day(s)", "certbot renew"])

    def test_ffmpeg_missing(self):
        env = self.good_env()
        env["PATH"] = self.dir  # no ffmpeg there
        self.expect_only(env, {"ffmpeg"}, ["apt-get install ffmpeg"])

    def test_coturn_not_answering(self):
        env = self.good_env()
        env["TURN_URLS"] = f"turn:127.0.0.1:{free_media_port()}?transport=udp"
        self.expect_only(env, {"turn"}, ["does not answer"])

    def test_turn_secret_missing(self):
        env = self.good_env()
        env["TURN_SECRET"] = ""
        self.expect_only(env, {"turn"}, ["TURN_SECRET is empty"])

    def test_storage_not_writable(self):
        env = self.good_env()
        blocker = os.path.join(self.dir, "a-file")
        open(blocker, "w").close()
        env["DATA_DIR"] = os.path.join(blocker, "data")  # under a file: cannot be created
        # The SQLite database lives in DATA_DIR too, so it fails with it.
        self.expect_only(env, {"storage", "database"}, ["cannot write in DATA_DIR"])

    def test_azure_storage_unreachable(self):
        env = self.good_env()
        env["AZURE_STORAGE_CONNECTION_STRING"] = azure_connection(free_port())
        self.expect_only(env, {"storage"}, ["test upload to Azure container",
                                            "check AZURE_STORAGE_CONNECTION_STRING"])

    def test_azure_storage_takes_a_test_upload(self):
        if not os.path.exists(AZURITE):
            self.skipTest(f"{AZURITE} missing: run npm ci in web/")
        port = free_port()
        azurite = subprocess.Popen(
            [AZURITE, "--blobHost", "127.0.0.1", "--blobPort", str(port), "--location",
             tempfile.mkdtemp(dir=self.dir), "--silent", "--skipApiVersionCheck",
             "--disableTelemetry"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.time() + 20
            while time.time() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), 0.5).close()
                    break
                except OSError:
                    time.sleep(0.2)
            env = self.good_env()
            env["AZURE_STORAGE_CONNECTION_STRING"] = azure_connection(port)
            env["AZURE_STORAGE_CONTAINER_NAME"] = "doctor-check"
            rc, lines, out = self.doctor(env)
            self.assertEqual(rc, 0, out)
            self.assertIn("test upload to Azure container doctor-check stored, read back and "
                          "deleted", out)
            # A wrong key: Azurite refuses the signature.
            env["AZURE_STORAGE_CONNECTION_STRING"] = azure_connection(port, "A" * 86 + "==")
            self.expect_only(env, {"storage"}, ["test upload to Azure container doctor-check"])
        finally:
            azurite.terminate()
            azurite.wait(10)

    def test_database_unreachable(self):
        env = self.good_env()
        env["DATABASE_URL"] = f"postgres://meet:pw@127.0.0.1:{free_port()}/meet"
        self.expect_only(env, {"database"}, ["unreachable"])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
