"""`meet serve` TLS as an operator uses it: --tls-self-signed prints the fingerprint of the
certificate it then serves (naming PUBLIC_IP), and SIGHUP makes a running server pick up
renewed SSL_CERT/SSL_KEY files for new connections without a restart.
Usage: tls_serve_test.py PATH_TO_MEET_BINARY
"""
import hashlib
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from meet_process import MeetProcess  # noqa: E402

MEET = sys.argv[1]


def served_cert(port):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw) as s:
            return s.getpeercert(binary_form=True)


def fingerprint(der):
    return ":".join(f"{b:02X}" for b in hashlib.sha256(der).digest())


def make_cert(folder, cn):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "30", "-subj", f"/CN={cn}",
                    "-keyout", key + ".new", "-out", cert + ".new"], check=True,
                   capture_output=True)
    # As certbot does: the new files replace the old ones in one step each.
    os.replace(key + ".new", key)
    os.replace(cert + ".new", cert)
    return cert, key


class SelfSigned(unittest.TestCase):
    def test_prints_the_fingerprint_of_the_certificate_it_serves(self):
        meet = MeetProcess(MEET, args=["--tls-self-signed"])
        try:
            deadline = time.time() + 10
            while "Meet is running" not in meet.output() and time.time() < deadline:
                time.sleep(0.1)
            out = meet.output()
            printed = re.search(r"SHA-256 fingerprint ([0-9A-F:]{95})", out)
            self.assertIsNotNone(printed, out)
            der = served_cert(meet.port)
            self.assertEqual(printed.group(1), fingerprint(der))
            self.assertIn("IP:127.0.0.1", out)
            self.assertIn(f"https://127.0.0.1:{meet.port}/", out)
            key = os.path.join(meet.dir, "tls", "self-signed.key")
            self.assertEqual(os.stat(key).st_mode & 0o077, 0, "key readable by others")
        finally:
            meet.stop()


class Reload(unittest.TestCase):
    def test_sighup_serves_renewed_files_to_new_connections(self):
        folder = tempfile.mkdtemp(prefix="deploy_tls_")
        cert, key = make_cert(folder, "first")
        meet = MeetProcess(MEET, extra_env={"SSL": "true", "SSL_CERT": cert, "SSL_KEY": key})
        try:
            first = served_cert(meet.port)
            make_cert(folder, "renewed")
            self.assertEqual(served_cert(meet.port), first)  # not re-read by itself
            meet.proc.send_signal(signal.SIGHUP)
            deadline = time.time() + 10
            while served_cert(meet.port) == first and time.time() < deadline:
                time.sleep(0.1)
            renewed = served_cert(meet.port)
            self.assertNotEqual(renewed, first)
            with open(cert) as f:
                pem = f.read()
            self.assertEqual(ssl.DER_cert_to_PEM_cert(renewed).strip(), pem.strip())
            self.assertIsNone(meet.proc.poll(), "SIGHUP must not stop the server")
            # A broken renewal (a key that is not the certificate's) keeps the working one.
            with open(key, "w") as f:
                f.write("not a key\n")
            meet.proc.send_signal(signal.SIGHUP)
            time.sleep(1)
            self.assertEqual(served_cert(meet.port), renewed)
            self.assertIn("tls reload failed", meet.output())
        finally:
            meet.stop()


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
