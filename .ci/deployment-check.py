#!/usr/bin/env python3
"""Runs every command of docs/deployment.md, in order, on this machine.

The guide's paths (/var/lib/aktivitetskortet, /etc/..., /usr/local/...) are moved into a
temporary folder, its public name and ports onto free loopback ports. CI has no systemd and no
container engine, so `systemctl` is played here from the unit files the guide installed: their
`ExecStart` (and `EnvironmentFile`) start the server, `stop` sends SIGTERM as systemd would, a
timer's `enable --now` runs its service once, and `daemon-reload` checks the units with
`systemd-analyze verify`. nginx runs from the guide's site file under a stand-in for Debian's
main configuration. The Containerfile is checked by running its build stage's script (the guide's
first command) and then the built binary with the image's ENV lines.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "deployment.md")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def doc_commands():
    """Every line of the guide's ```sh blocks, in order."""
    commands, block = [], None
    for line in open(DOC, encoding="utf-8"):
        line = line.rstrip("\n")
        if block is None and line.strip() == "```sh":
            block = []
        elif block is not None and line.strip() == "```":
            commands.extend(c for c in block if c.strip())
            block = None
        elif block is not None:
            block.append(line)
    return commands


class Machine:
    def __init__(self, tmp):
        self.tmp = tmp
        self.http, self.metrics = free_port(), free_port()
        self.https, self.plain = free_port(), free_port()
        t = lambda *p: os.path.join(tmp, *p)
        self.subst = [
            ("https://aktivitetskort.example.kommune.no", f"https://127.0.0.1:{self.https}"),
            ("aktivitetskort.example.kommune.no", "localhost"),
            ("/var/lib/aktivitetskortet-backups", t("backups")),
            ("/var/lib/aktivitetskortet", t("data")),
            ("/usr/local/bin/aktivitetskortet-server", t("bin", "aktivitetskortet-server")),
            ("/usr/local/share/aktivitetskortet", t("share")),
            ("/etc/aktivitetskortet", t("etc")),
            ("/etc/ssl/aktivitetskortet", t("ssl")),
            ("/etc/nginx/sites-enabled", t("nginx", "sites-enabled")),
            ("/etc/systemd/system", t("systemd")),
            ("/var/log/nginx", t("nginx", "log")),
            ("/root/", t("root") + "/"),
            ("/tmp/aktivitetskortet-release", t("release")),
            ("127.0.0.1:8080", f"127.0.0.1:{self.http}"),
            ("127.0.0.1:9464", f"127.0.0.1:{self.metrics}"),
            ("listen 443 ssl", f"listen 127.0.0.1:{self.https} ssl"),
            ("listen 80;", f"listen 127.0.0.1:{self.plain};"),
        ]
        for d in ["bin", "root", "systemd", "nginx/sites-enabled", "nginx/log", "nginx/tmp"]:
            os.makedirs(t(d), exist_ok=True)
        self.server = None
        self.nginx_started = False

    def moved(self, text):
        for old, new in self.subst:
            text = text.replace(old, new)
        return text

    def run(self, command):
        # CI runs as root: `sudo` is dropped wherever it stands (`… | sudo tee …` too).
        line = self.moved(command).replace("sudo ", "")
        words = shlex.split(line)
        print(f"+ {command}", flush=True)
        if words[0] == "systemctl":
            return self.systemctl(words[1:])
        if words[0] == "nginx":
            words += ["-c", self.nginx_main(), "-p", self.path("nginx")]
            return subprocess.run(words, check=True)
        subprocess.run(line, shell=True, check=True, cwd=ROOT, executable="/bin/bash",
                       env=self.env())

    def env(self):
        """The environment of a command: the installed binary on PATH, as /usr/local/bin is."""
        env = dict(os.environ)
        env["PATH"] = self.path("bin") + os.pathsep + env["PATH"]
        return env

    def path(self, *p):
        return os.path.join(self.tmp, *p)

    # systemd, played from the installed unit files.
    def unit(self, name):
        text = open(self.path("systemd", name), encoding="utf-8").read()
        keys = {}
        for line in text.splitlines():
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                keys.setdefault(k.strip(), []).append(v.strip())
        return keys

    def unit_env(self, unit):
        env = self.env()
        for f in unit.get("EnvironmentFile", []):
            f = self.moved(f.lstrip("-"))
            if os.path.exists(f):
                for line in open(f, encoding="utf-8"):
                    if "=" in line:
                        k, v = line.strip().split("=", 1)
                        env[k] = self.moved(v)
        return env

    def systemctl(self, args):
        if args == ["daemon-reload"]:
            checked = self.path("systemd-verify")
            os.makedirs(checked, exist_ok=True)
            for name in os.listdir(self.path("systemd")):
                text = open(self.path("systemd", name), encoding="utf-8").read()
                open(os.path.join(checked, name), "w", encoding="utf-8").write(self.moved(text))
            units = [os.path.join(checked, n) for n in sorted(os.listdir(checked))]
            subprocess.run(["systemd-analyze", "verify", *units], check=True)
            return
        verb, name = args[0], args[-1]
        if name == "nginx":
            return self.nginx()
        if name == "aktivitetskortet-backup.timer":
            assert verb == "enable" and "--now" in args, args
            self.systemctl(["daemon-reload"])
            return self.fire_backup()
        assert name == "aktivitetskortet", args
        if verb in ("stop", "restart"):
            self.stop()
        if verb in ("start", "restart") or (verb == "enable" and "--now" in args):
            self.start()

    def start(self):
        unit = self.unit("aktivitetskortet.service")
        command = shlex.split(self.moved(unit["ExecStart"][0]))
        env = self.unit_env(unit)
        # What systemd provides or the defaults are, on this machine's free ports; a short
        # grace so a stop in CI takes a second, not ten.
        env.update(AK_BIND=f"127.0.0.1:{self.http}", AK_METRICS_BIND=f"127.0.0.1:{self.metrics}",
                   AK_SHUTDOWN_GRACE="1")
        os.makedirs(self.path("data"), mode=0o700, exist_ok=True)
        log = open(self.path("server.log"), "a", encoding="utf-8")
        self.server = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        wait_for(f"http://127.0.0.1:{self.http}/healthz")

    def stop(self):
        if self.server is None:
            return
        self.server.send_signal(signal.SIGTERM)
        assert self.server.wait(timeout=30) == 0, "the server did not stop cleanly on SIGTERM"
        self.server = None

    def fire_backup(self):
        unit = self.unit("aktivitetskortet-backup.service")
        env = self.unit_env(unit)
        os.makedirs(self.path("backups"), exist_ok=True)
        for key in ("ExecStart", "ExecStartPost"):
            command = self.moved(unit[key][0]).replace("%%", "%")
            subprocess.run(shlex.split(command), env=env, check=True)
        made = os.listdir(self.path("backups"))
        assert any(n.endswith(".tar.gz.age") for n in made), made

    def nginx_main(self):
        main = self.path("nginx", "nginx.conf")
        n = lambda *p: self.path("nginx", *p)
        # The site file as the guide installed it, moved onto this machine's ports and folders.
        for name in os.listdir(n("sites-enabled")):
            site = n("sites-enabled", name)
            text = open(site, encoding="utf-8").read()
            open(site, "w", encoding="utf-8").write(self.moved(text))
        open(main, "w", encoding="utf-8").write(f"""
user root;
pid {n('nginx.pid')};
error_log {n('error.log')};
events {{}}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {n('tmp')};
    proxy_temp_path {n('tmp')};
    fastcgi_temp_path {n('tmp')};
    uwsgi_temp_path {n('tmp')};
    scgi_temp_path {n('tmp')};
    access_log off;
    include {n('sites-enabled')}/*;
}}
""")
        return main

    def nginx(self):
        args = ["nginx", "-c", self.nginx_main(), "-p", self.path("nginx")]
        if self.nginx_started:
            args += ["-s", "reload"]
        subprocess.run(args, check=True)
        self.nginx_started = True
        wait_for(f"https://127.0.0.1:{self.https}/healthz")

    def close(self):
        if self.server is not None:
            self.server.kill()
        if self.nginx_started:
            subprocess.run(["nginx", "-c", self.nginx_main(), "-p", self.path("nginx"), "-s", "stop"])


def fetch(url):
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, timeout=5, context=context) as res:
        return res.status, {k.lower(): v for k, v in res.headers.items()}, res.read()


def wait_for(url):
    for _ in range(100):
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url} did not answer")


def check_container(m):
    """The image as the Containerfile makes it: its build stage's output, run with its ENV."""
    text = open(os.path.join(ROOT, "deploy", "Containerfile"), encoding="utf-8").read()
    assert "RUN deploy/build-release.sh /out" in text
    out = m.path("release")
    copies = re.findall(r"^COPY --from=build /out/(\S+) (\S+)$", text, re.M)
    assert copies, "the Containerfile copies nothing from its build stage"
    image = m.path("image")
    for source, target in copies:
        dest = image + target
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        copy = shutil.copytree if os.path.isdir(os.path.join(out, source)) else shutil.copy2
        copy(os.path.join(out, source), dest)
    env = dict(os.environ)
    for key, value in re.findall(r"^ENV (\w+)=(\S+)$", text, re.M):
        env[key] = value.replace("/", image + "/", 1) if value.startswith("/") else value
    http, metrics = free_port(), free_port()
    env.update(AK_BIND=env["AK_BIND"].replace("0.0.0.0:8080", f"127.0.0.1:{http}"),
               AK_METRICS_BIND=env["AK_METRICS_BIND"].replace("0.0.0.0:9464", f"127.0.0.1:{metrics}"),
               AK_SHUTDOWN_GRACE="1")
    entry = re.search(r'^ENTRYPOINT \["([^"]+)"\]$', text, re.M).group(1)
    log = open(m.path("image.log"), "w", encoding="utf-8")
    server = subprocess.Popen([image + entry], env=env, stdout=log, stderr=log)
    try:
        wait_for(f"http://127.0.0.1:{http}/readyz")
        status, headers, body = fetch(f"http://127.0.0.1:{http}/")
        assert status == 200 and b"<html" in body.lower(), "the image's web build is not served"
        assert fetch(f"http://127.0.0.1:{metrics}/metrics")[0] == 200
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
    print("the Containerfile's image runs: ready, serves the web build and its metrics", flush=True)


def main():
    tmp = tempfile.mkdtemp(prefix="ak-deploy-")
    m = Machine(tmp)
    try:
        commands = doc_commands()
        assert len(commands) > 20, f"only {len(commands)} commands in {DOC}"
        for command in commands:
            m.run(command)
        # Behind the proxy: HSTS for the https public URL, and HTTP redirected.
        status, headers, _ = fetch(f"https://127.0.0.1:{m.https}/readyz")
        assert "max-age" in headers.get("strict-transport-security", ""), headers
        check_container(m)
        print(f"docs/deployment.md: all {len(commands)} commands ran", flush=True)
    finally:
        m.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
