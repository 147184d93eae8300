"""A client that sends a whole 20 MB body before reading still reads meet's 413.

meet refuses bodies over 1 MiB as soon as it sees Content-Length, answers 413, then reads and
drops the rest for a bounded time (lingering close) instead of closing with unread data, which
would reset the connection and destroy the answer in flight.
Usage: large_body_test.py PATH_TO_MEET_BINARY
"""
import json
import os
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../app"))
from meet_process import MeetProcess  # noqa: E402

MEET = sys.argv[1]
BODY = 20 * 1024 * 1024


def send_all_then_read(port, chunked=False):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = ("POST /api/v1/tenants HTTP/1.1\r\nHost: meet\r\nContent-Type: application/json\r\n"
            f"Content-Length: {BODY}\r\n\r\n")
    s.sendall(head.encode())
    chunk = b"x" * 65536
    sent = 0
    while sent < BODY:  # every byte goes out before the first read
        s.sendall(chunk)
        sent += len(chunk)
    data = b""
    while True:
        part = s.recv(65536)
        if not part:
            break
        data += part
    s.close()
    return data


class LargeBody(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.meet = MeetProcess(MEET)

    @classmethod
    def tearDownClass(cls):
        cls.meet.stop()

    def test_whole_body_sent_first_still_gets_413(self):
        started = time.time()
        data = send_all_then_read(self.meet.port)
        head, _, body = data.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 413"), head[:200])
        self.assertEqual(json.loads(body)["error"]["code"], "body_too_large")
        self.assertLess(time.time() - started, 30)

    def test_server_still_serves_after(self):
        with socket.create_connection(("127.0.0.1", self.meet.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: meet\r\nConnection: close\r\n\r\n")
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 200"))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
