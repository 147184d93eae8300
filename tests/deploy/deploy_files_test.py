"""Checks the shipped deployment files with the real tools this machine has.

No Docker engine runs here, so the compose file is parsed with a YAML parser and checked for
what would break `docker compose up`: files that do not exist, unpinned or unknown images,
undeclared volumes, required variables missing from the example .env. nginx -t runs on the
shipped nginx config (ports and paths rewritten to a temp folder). The Dockerfile's runtime
packages must cover every shared library the built binary needs.
Usage: deploy_files_test.py PATH_TO_MEET_BINARY
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../app"))
import nginx_conf  # noqa: E402
from meet_process import MeetProcess  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
MEET = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build/meet")
DOCKER = os.path.join(REPO, "deploy/docker")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ComposeFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(DOCKER, "docker-compose.yml")) as f:
            cls.text = f.read()
        cls.compose = yaml.safe_load(cls.text)

    def test_has_the_five_services_with_health_checks(self):
        services = self.compose["services"]
        for name in ["meet", "redis", "postgres", "coturn", "nginx"]:
            self.assertIn(name, services)
            self.assertIn("healthcheck", services[name], name)
            self.assertEqual(services[name].get("restart"), "unless-stopped", name)

    def test_images_are_pinned_or_built_here(self):
        for name, svc in self.compose["services"].items():
            image = svc.get("image", "")
            if "build" in svc:
                build = svc["build"]
                context = os.path.normpath(os.path.join(DOCKER, build["context"]))
                self.assertTrue(os.path.isdir(context), context)
                self.assertTrue(os.path.isfile(os.path.join(context, build["dockerfile"])))
                continue
            self.assertRegex(image, r"^[a-z0-9./-]+:[A-Za-z0-9._-]+$", name)
            tag = image.split(":")[1]
            self.assertNotEqual(tag, "latest", f"{name}: pin a version")
            self.assertRegex(tag, r"\d", f"{name}: the tag should name a version")

    def test_every_host_file_it_mounts_exists(self):
        declared = set((self.compose.get("volumes") or {}).keys())
        for name, svc in self.compose["services"].items():
            for v in svc.get("volumes", []):
                source = v.split(":")[0]
                if source.startswith(".") or source.startswith("/"):
                    path = os.path.normpath(os.path.join(DOCKER, source))
                    self.assertTrue(os.path.exists(path), f"{name}: {source} does not exist")
                else:
                    self.assertIn(source, declared, f"{name}: volume {source} not declared")

    def test_media_ports_published_and_public_ip_passed(self):
        meet = self.compose["services"]["meet"]
        ports = " ".join(meet["ports"])
        self.assertIn("/udp", ports)
        self.assertIn("/tcp", ports)
        self.assertIn("PUBLIC_IP", meet["environment"])
        self.assertEqual(self.compose["services"]["coturn"].get("network_mode"), "host")

    def test_example_env_sets_every_required_variable(self):
        with open(os.path.join(DOCKER, "example.env")) as f:
            env = {line.split("=", 1)[0] for line in f
                   if re.match(r"^[A-Z_]+=", line)}
        required = set(re.findall(r"\$\{([A-Z_]+):\?", self.text))
        self.assertTrue(required)
        self.assertEqual(required - env, set())

    def test_settings_it_passes_are_known_to_meet(self):
        help_text = subprocess.run([MEET, "serve", "--help"], capture_output=True,
                                   text=True).stdout
        known_elsewhere = {"TURN_TTL", "API_RATE_LIMIT", "API_RATE_BURST"}
        for key in self.compose["services"]["meet"]["environment"]:
            self.assertTrue(f"({key})" in help_text or key in help_text or key in known_elsewhere,
                            f"meet does not read {key}")


class Dockerfile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(DOCKER, "Dockerfile")) as f:
            cls.text = f.read()
        cls.stages = re.split(r"^FROM ", cls.text, flags=re.M)[1:]

    def test_two_debian_12_stages(self):
        self.assertEqual(len(self.stages), 2)
        self.assertTrue(self.stages[0].startswith("debian:12 AS build"))
        self.assertTrue(self.stages[1].startswith("debian:12-slim AS runtime"))

    def test_runtime_runs_as_non_root_with_ffmpeg_and_font(self):
        runtime = self.stages[1]
        self.assertRegex(runtime, r"\nUSER meet\n")
        for pkg in ["ffmpeg", "fonts-dejavu-core"]:
            self.assertIn(pkg, runtime)

    def test_copied_sources_exist(self):
        for src in re.findall(r"^COPY (?!--from)(\S+) ", self.text, flags=re.M):
            self.assertTrue(os.path.exists(os.path.join(REPO, src)), src)

    def test_runtime_packages_cover_the_binary(self):
        runtime_pkgs = set(re.findall(r"[a-z0-9][a-z0-9.+-]+", self.stages[1].split(
            "--no-install-recommends", 1)[1].split("&&", 1)[0]))
        needed = subprocess.run(["readelf", "-d", MEET], capture_output=True, text=True).stdout
        libs = re.findall(r"NEEDED.*\[(.+)\]", needed)
        self.assertTrue(libs)
        base = {"libc6", "libgcc-s1", "libstdc++6"}
        found = subprocess.run(["dpkg", "-S"] + libs, capture_output=True, text=True).stdout
        for lib in libs:
            owners = {line.split(":")[0] for line in found.splitlines()
                      if line.rstrip().endswith("/" + lib)}
            self.assertTrue(owners & (runtime_pkgs | base), f"{lib} from {owners} not installed")
        pkgs = sorted(p for p in runtime_pkgs - {"apt-get", "install", "y"}
                      if not p.startswith("-"))
        shown = subprocess.run(["apt-cache", "show", "--no-all-versions"] + pkgs,
                               capture_output=True, text=True).stdout
        names = set(re.findall(r"^Package: (\S+)$", shown, flags=re.M))
        self.assertEqual(set(pkgs) - names, set(), "not Debian packages")


class NginxConfig(unittest.TestCase):
    def test_nginx_accepts_the_shipped_config(self):
        folder = tempfile.mkdtemp(prefix="deploy_nginx_")
        try:
            conf = nginx_conf.write_config(REPO, folder, free_port(), free_port(), free_port())
            r = subprocess.run(["nginx", "-t", "-p", folder, "-c", conf, "-e",
                                os.path.join(folder, "error.log")],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("test is successful", r.stderr)
        finally:
            shutil.rmtree(folder)

    def test_config_has_what_meet_needs(self):
        with open(os.path.join(REPO, "deploy/nginx/meet.conf")) as f:
            text = f.read()
        self.assertIn("return 301 https://", text)
        rtc = text[text.index("location = /rtc"):]
        rtc = rtc[:rtc.index("}")]
        for needed in ["proxy_set_header Upgrade $http_upgrade",
                       "proxy_set_header X-Forwarded-For", "proxy_read_timeout 86400s"]:
            self.assertIn(needed, rtc)
        for location in ["location / ", "location /api/ ", "location /recordings/ "]:
            self.assertIn(location, text)


class OperationsGuide(unittest.TestCase):
    def test_every_setting_is_in_the_table(self):
        with open(os.path.join(REPO, "docs/operations.md")) as f:
            guide = f.read()
        table = guide[guide.index("## 8. Settings"):guide.index("## 9. Upgrading")]
        help_text = subprocess.run([MEET, "serve", "--help"], capture_output=True,
                                   text=True).stdout
        names = set(re.findall(r"\(Env:([A-Z_]+)\)", help_text))
        with open(os.path.join(REPO, "src/api/api_config.hpp")) as f:
            header = f.read()
        names |= set(re.findall(r"\b((?:TURN|API|WEBHOOK)_[A-Z_]+)\b", header))
        self.assertGreater(len(names), 20)
        missing = sorted(n for n in names if f"`{n}`" not in table)
        self.assertEqual(missing, [], "settings missing from docs/operations.md")

    def test_files_it_names_exist(self):
        with open(os.path.join(REPO, "docs/operations.md")) as f:
            guide = f.read()
        for path in set(re.findall(r"(?<![\w/.-])((?:deploy|scripts|tests|docs|web/e2e)/[\w./-]+\w)", guide)):
            self.assertTrue(os.path.exists(os.path.join(REPO, path)), path)


class GrafanaDashboard(unittest.TestCase):
    def test_every_series_it_graphs_is_served_by_meet(self):
        import json
        import urllib.request
        with open(os.path.join(REPO, "deploy/grafana/meet.json")) as f:
            dashboard = json.load(f)
        exprs = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
        used = {re.sub(r"_(bucket|sum|count)$", "", m) if m.endswith("_seconds_bucket") else m
                for e in exprs for m in re.findall(r"meet_[a-z_]+", e)}
        meet = MeetProcess(MEET)
        try:
            # One API request so that the API's own series exist.
            urllib.request.urlopen(f"http://127.0.0.1:{meet.port}/healthz").read()
            text = urllib.request.urlopen(f"http://127.0.0.1:{meet.port}/metrics").read().decode()
        finally:
            meet.stop()
        served = set(re.findall(r"^# TYPE (meet_[a-z_]+) ", text, flags=re.M))
        self.assertTrue(used)
        self.assertEqual(used - served, set(), "graphed but not served")


class SystemdUnit(unittest.TestCase):
    def test_unit_verifies(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze missing")
        folder = tempfile.mkdtemp(prefix="deploy_unit_")
        try:
            with open(os.path.join(REPO, "deploy/systemd/meet.service")) as f:
                unit = f.read().replace("/usr/local/bin/meet", os.path.abspath(MEET))
            path = os.path.join(folder, "meet.service")
            with open(path, "w") as f:
                f.write(unit)
            r = subprocess.run(["systemd-analyze", "verify", path], capture_output=True,
                               text=True)
            problems = [l for l in r.stderr.splitlines()
                        if "meet.service" in l and "EnvironmentFile" not in l]
            self.assertEqual(problems, [], r.stderr)
            for option in ["NoNewPrivileges=yes", "ProtectSystem=strict", "User=meet",
                           "ExecReload=/bin/kill -HUP $MAINPID"]:
                self.assertIn(option, unit)
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
