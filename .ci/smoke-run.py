#!/usr/bin/env python3
"""The README's run command, as a new user runs it: `cargo xtask run -- --bind 127.0.0.1:<port>`
with a fresh data directory. Waits for /healthz, fetches the app's page, its wasm and the
catalogue, checks their status codes and content types, then stops it with SIGINT (Ctrl-C) and
checks that it exits cleanly. Run after `cargo xtask test`, whose builds it reuses."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A run that has to build something (it should not, after the tests) still fits in here.
START_TIMEOUT = 20 * 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """(status, content type, body) of a GET, following no redirects."""
    req = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def path(url):
    """An absolute path for a file the page names ("/./assets/x.js", "./x.wasm")."""
    url = "/" + url.lstrip("./") if not url.startswith("/") else url
    return url.replace("/./", "/")


def expect(what, url, status, content_type):
    got_status, got_type, body = get(url)
    if got_status != status or not got_type.startswith(content_type):
        sys.exit(f"smoke-run: {what} {url}: got {got_status} {got_type!r}, "
                 f"want {status} {content_type!r}")
    print(f"smoke-run: {what}: {got_status} {got_type}, {len(body)} bytes")
    return body


def main():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="ak-smoke-")
    cmd = ["cargo", "xtask", "run", "--", "--bind", f"127.0.0.1:{port}", "--data-dir", data]
    print("smoke-run:", " ".join(cmd))
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    said = []

    def echo():
        for line in proc.stdout:
            said.append(line)
            sys.stdout.write("  | " + line)
            sys.stdout.flush()

    threading.Thread(target=echo, daemon=True).start()
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                sys.exit(f"smoke-run: the command ended with {proc.returncode} before serving")
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit("smoke-run: /healthz never answered 200")
            time.sleep(0.5)
        print(f"smoke-run: /healthz answered {time.monotonic() - started:.0f} s after the start")
        # The tests just built the web app and the server: the run command must reuse both.
        compiled = [line.strip() for line in said if line.lstrip().startswith("Compiling ")]
        if compiled or not any("is up to date" in line for line in said):
            sys.exit("smoke-run: the run command built again what the tests had built: "
                     + (", ".join(compiled) or "the web app"))

        page = expect("the app's page", base + "/", 200, "text/html").decode()
        # The page loads the app's script, and the script its wasm.
        scripts = re.findall(r'<script[^>]*\ssrc="([^"]+\.js)"', page)
        if not scripts:
            sys.exit("smoke-run: the app's page loads no script")
        script = expect("the app's script", base + path(scripts[-1]), 200, "text/javascript")
        # dx names the wasm it loads by its content hash (the script also holds wasm-bindgen's
        # unhashed default name, which the app never asks for).
        wasm = [w for w in re.findall(r'[\w./-]+\.wasm', script.decode()) if "-dxh" in w]
        if not wasm:
            sys.exit("smoke-run: the app's script names no content-hashed .wasm file")
        name = wasm[0] if "/" in wasm[0] else path(scripts[-1]).rsplit("/", 1)[0] + "/" + wasm[0]
        expect("the app's wasm", base + path(name), 200, "application/wasm")
        expect("venue mode's page", base + "/sted", 200, "text/html")
        expect("the admin area's page", base + "/admin", 200, "text/html")
        expect("the catalogue", base + "/api/v1/catalogue", 200, "application/json")
        expect("an unknown API path", base + "/api/v1/nothing-here", 404, "application/json")

        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            sys.exit("smoke-run: the server did not stop within 30 s of SIGINT")
        if code != 0:
            sys.exit(f"smoke-run: the server exited with {code} after SIGINT, want 0")
        print("smoke-run: stopped cleanly with SIGINT")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
