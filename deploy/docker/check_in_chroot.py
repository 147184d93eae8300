#!/usr/bin/env python3
"""Runs deploy/docker/Dockerfile without a Docker engine, in Debian 12 chroots.

Our machines have no Docker engine, so this plays the Dockerfile the way `docker build` would:
each stage starts from a fresh Debian 12 minbase root made by debootstrap (what the debian:12
and debian:12-slim images hold), the context is the checkout minus .dockerignore, and FROM,
ENV, WORKDIR, COPY [--from], RUN and USER are applied in order. Then the last stage is started
as its USER with its ENTRYPOINT and CMD, and its HEALTHCHECK command must pass.

    sudo python3 deploy/docker/check_in_chroot.py [--work /var/tmp/meet-chroot] [--resume]

Needs root, debootstrap and access to a Debian mirror. The base root is kept in --work and
reused; a full run (packages, a cold build of `meet`, npm ci) takes 20-40 minutes.
"""
import argparse
import fnmatch
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MIRROR = "http://deb.debian.org/debian"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
IMAGES = {"debian:12", "debian:12-slim"}
HOST_CA = os.environ.get("NODE_EXTRA_CA_CERTS")


def instructions(dockerfile):
    """(keyword, argument) pairs, continuation lines joined, comments dropped."""
    out, current = [], ""
    with open(dockerfile) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not current and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if line.endswith("\\"):
                current += line[:-1] + " "
                continue
            current += line
            keyword, _, arg = current.strip().partition(" ")
            out.append((keyword.upper(), arg.strip()))
            current = ""
    return out


def ignored(rel, patterns):
    parts = rel.split("/")
    return any(fnmatch.fnmatch("/".join(parts[: i + 1]), p) for p in patterns for i in range(len(parts)))


def make_context(work):
    """The build context as `docker build .` sends it: the checkout minus .dockerignore."""
    with open(os.path.join(REPO, ".dockerignore")) as f:
        patterns = [l.strip().rstrip("/") for l in f if l.strip() and not l.startswith("#")]
    dest = os.path.join(work, "context")
    shutil.rmtree(dest, ignore_errors=True)
    for top, dirs, files in os.walk(REPO):
        rel_top = os.path.relpath(top, REPO)
        rel_top = "" if rel_top == "." else rel_top
        dirs[:] = [d for d in dirs if not ignored(os.path.join(rel_top, d), patterns)]
        os.makedirs(os.path.join(dest, rel_top), exist_ok=True)
        for name in files:
            rel = os.path.join(rel_top, name)
            if not ignored(rel, patterns):
                shutil.copy2(os.path.join(REPO, rel), os.path.join(dest, rel), follow_symlinks=False)
    return dest


def base_root(work):
    root = os.path.join(work, "base")
    if not os.path.exists(os.path.join(root, ".complete")):
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run(["debootstrap", "--variant=minbase", "bookworm", root, MIRROR], check=True)
        open(os.path.join(root, ".complete"), "w").close()
    return root


class Stage:
    def __init__(self, name, root):
        self.name, self.root = name, root
        self.env, self.workdir, self.user = {}, "/", "root"
        self.entrypoint, self.cmd, self.health = [], [], None
        for sub in ("proc", "dev"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", os.path.join(root, "proc")], check=True)
        subprocess.run(["mount", "--bind", "/dev", os.path.join(root, "dev")], check=True)
        shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))
        # A build machine behind a TLS-inspecting proxy names its CA in NODE_EXTRA_CA_CERTS;
        # npm in the chroot needs it too (a Docker build there would need the same).
        if HOST_CA:
            shutil.copy(HOST_CA, os.path.join(root, "etc/host-ca.crt"))
            self.env_extra = {"NODE_EXTRA_CA_CERTS": "/etc/host-ca.crt"}
        else:
            self.env_extra = {}

    def unmount(self):
        for sub in ("dev", "proc"):
            subprocess.run(["umount", "-l", os.path.join(self.root, sub)], check=False)

    def command(self, shell_cmd, user=None):
        env = ["env", "-i", f"PATH={PATH}", "HOME=/root"]
        env += [f"{k}={v}" for k, v in {**self.env_extra, **self.env}.items()]
        spec = [] if (user or self.user) == "root" else [f"--userspec={user or self.user}"]
        script = f"mkdir -p {shlex.quote(self.workdir)} && cd {shlex.quote(self.workdir)} && {shell_cmd}"
        return ["chroot"] + spec + [self.root] + env + ["sh", "-c", script]

    def run(self, shell_cmd):
        print(f"[{self.name}] RUN {shell_cmd}", flush=True)
        subprocess.run(self.command(shell_cmd), check=True)


def copy(src, dest):
    os.makedirs(os.path.dirname(dest.rstrip("/")) or "/", exist_ok=True)
    if os.path.isdir(src):
        shutil.copytree(src, dest, symlinks=True, dirs_exist_ok=True)
    else:
        if dest.endswith("/"):
            os.makedirs(dest, exist_ok=True)
            dest = os.path.join(dest, os.path.basename(src))
        shutil.copy2(src, dest)


def parse_env(arg):
    pairs = {}
    for token in shlex.split(arg):
        key, _, value = token.partition("=")
        pairs[key] = value
    return pairs


def exec_form(arg):
    return json.loads(arg) if arg.startswith("[") else ["sh", "-c", arg]


def build(work, context, steps, stages, resume):
    """Plays `steps` into `stages` (by name; the caller unmounts them); returns the last.
    With `resume`, the COPY and RUN steps a previous run finished are not done again."""
    stage = None
    base = base_root(work)
    progress = os.path.join(work, "steps-done")
    done = int(open(progress).read()) if resume and os.path.exists(progress) else -1
    for index, (keyword, arg) in enumerate(steps):
        if index <= done and keyword in ("COPY", "RUN"):
            print(f"[{stage.name}] done before: {keyword} {arg[:60]}", flush=True)
            continue
        if keyword == "FROM" and index <= done:
            name = re.match(r"\S+(?:\s+AS\s+(\S+))?", arg, re.I).group(1) or str(len(stages))
            stage = stages[name] = Stage(name, os.path.join(work, f"stage-{name}"))
        elif keyword == "FROM":
            m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?", arg, re.I)
            image, name = m.group(1), m.group(2) or str(len(stages))
            if image not in IMAGES:
                sys.exit(f"FROM {image}: only {sorted(IMAGES)} are known here")
            root = os.path.join(work, f"stage-{name}")
            if os.path.exists(root):
                subprocess.run(["umount", "-l", os.path.join(root, "proc"), os.path.join(root, "dev")], check=False)
                shutil.rmtree(root)
            print(f"== stage {name} from {image}", flush=True)
            subprocess.run(["cp", "-a", base, root], check=True)
            stage = stages[name] = Stage(name, root)
        elif keyword == "ENV":
            stage.env.update(parse_env(arg))
        elif keyword == "WORKDIR":
            stage.workdir = os.path.join(stage.workdir, arg)
        elif keyword == "USER":
            stage.user = arg
        elif keyword == "COPY":
            args = shlex.split(arg)
            source_root = context
            if args[0].startswith("--from="):
                source_root = stages[args[0].split("=", 1)[1]].root
                args = args[1:]
            src, dest = args
            dest = os.path.join(stage.workdir, dest) if not dest.startswith("/") else dest
            print(f"[{stage.name}] COPY {src} {dest}", flush=True)
            copy(os.path.join(source_root, src.lstrip("/")), stage.root + dest)
        elif keyword == "RUN":
            stage.run(arg)
        elif keyword == "ENTRYPOINT":
            stage.entrypoint = exec_form(arg)
        elif keyword == "CMD":
            stage.cmd = exec_form(arg)
        elif keyword == "HEALTHCHECK":
            stage.health = arg.split(" CMD ", 1)[1]
        elif keyword not in ("EXPOSE", "VOLUME", "LABEL", "ARG"):
            sys.exit(f"{keyword}: not handled by this script")
        with open(progress, "w") as f:
            f.write(str(index))
    return stage


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_and_check(stage):
    """Starts the final stage as its user, as `docker run` would, and waits for its health check."""
    stage.env["HTTP_PORT"] = str(free_port())
    stage.env["UDP_PORT"] = str(free_port())
    argv = " ".join(shlex.quote(a) for a in stage.entrypoint + stage.cmd)
    print(f"== start: {argv} as {stage.user}, HTTP_PORT={stage.env['HTTP_PORT']}", flush=True)
    server = subprocess.Popen(stage.command(f"exec {argv}"))
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            if server.poll() is not None:
                sys.exit(f"the server exited with {server.returncode}")
            if subprocess.run(stage.command(stage.health), capture_output=True).returncode == 0:
                print("== health check passed", flush=True)
                page = subprocess.run(stage.command(f"curl -fsS http://127.0.0.1:{stage.env['HTTP_PORT']}/"),
                                      capture_output=True, text=True)
                if page.returncode != 0 or "<html" not in page.stdout.lower():
                    sys.exit(f"the web app is not served at /: {page.stderr.strip()}")
                print("== the web app is served at /", flush=True)
                return
            time.sleep(1)
        sys.exit("the health check did not pass within 30 s")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default="/var/tmp/meet-chroot")
    parser.add_argument("--resume", action="store_true", help="skip the steps a previous run finished")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("run as root (chroot, mount)")
    os.makedirs(args.work, exist_ok=True)
    context = make_context(args.work)
    stages = {}
    try:
        steps = instructions(os.path.join(REPO, "deploy/docker/Dockerfile"))
        last = build(args.work, context, steps, stages, args.resume)
        start_and_check(last)
    finally:
        for s in stages.values():
            s.unmount()
    print("== the Dockerfile built and its image passed its health check", flush=True)


if __name__ == "__main__":
    main()
