#!/usr/bin/env python3
"""The README's desktop command, seen as a user sees it: starts `cargo xtask desktop` on a virtual
screen (Xvfb), takes screenshots (ImageMagick's `import`) until the app is drawn, and checks it
is the styled app: the app bar in the app's blue across the window's top, and the bottom
navigation (its top border, the current tab marked in blue). Unstyled HTML has none of these.
Needs `xvfb` and `imagemagick` (CI installs them; they are for this check only)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The first desktop build compiles the app with WebKitGTK; later ones are quick.
TIMEOUT = 30 * 60
PRIMARY = (0x0B, 0x53, 0x94)  # --primary in assets/main.css: the app bar, the current tab
BORDER = (0xC9, 0xD2, 0xDC)  # --border: the line above the bottom navigation
SCREEN = (1280, 900)
SHOT = os.path.join(ROOT, "target", "desktop-check.png")


def read_ppm(data):
    """(width, height, rows of (r, g, b)) from a binary PPM (P6, 8 bits)."""
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    if parts[0] != b"P6" or parts[3] != b"255":
        raise ValueError("not an 8-bit P6 image")
    w, h = int(parts[1]), int(parts[2])
    px = data[pos:pos + w * h * 3]
    rows = [px[y * w * 3:(y + 1) * w * 3] for y in range(h)]
    return w, h, rows


def count(row, colour, tol=10):
    """How many pixels of a row (RGB bytes) are within `tol` of `colour` in every channel."""
    r, g, b = colour
    return sum(1 for x, y, z in zip(row[0::3], row[1::3], row[2::3])
               if abs(x - r) <= tol and abs(y - g) <= tol and abs(z - b) <= tol)


def styled(rows):
    """None when the screenshot shows the styled app, else what is missing."""
    # The app bar: 30 rows or more with at least 300 pixels of the app's blue each.
    bar = [y for y, row in enumerate(rows) if count(row, PRIMARY) >= 300]
    if len(bar) < 30:
        return f"no app bar in the app's blue ({len(bar)} rows of it)"
    top = bar[0]
    # The bottom navigation: its top border, well below the app bar...
    lines = [y for y, row in enumerate(rows) if y > top + 200 and count(row, BORDER) >= 300]
    if not lines:
        return "no line above a bottom navigation"
    line = lines[-1]
    # ...and under it the current tab, marked in blue (a 3 px bar and its icon and name).
    marked = sum(count(row, PRIMARY) for row in rows[line + 1:line + 70])
    if marked < 100:
        return f"no current tab marked in blue under the navigation's line ({marked} pixels)"
    return None


def screenshot(display):
    out = subprocess.run(["import", "-display", display, "-window", "root", "-depth", "8", "ppm:-"],
                         capture_output=True, timeout=30)
    if out.returncode != 0:
        return None
    return out.stdout


def main():
    for tool in ("Xvfb", "import"):
        if not shutil.which(tool):
            sys.exit(f"desktop-check: {tool} is missing (apt-get install xvfb imagemagick)")
    display = ":57"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                             "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    app_data = tempfile.mkdtemp(prefix="ak-desktop-")
    env = dict(os.environ, DISPLAY=display, AK_APP_DATA_DIR=app_data,
               # No GPU under Xvfb: WebKitGTK draws in software.
               WEBKIT_DISABLE_COMPOSITING_MODE="1", LIBGL_ALWAYS_SOFTWARE="1")
    data_dir = os.path.join(app_data, "server")
    app = subprocess.Popen(["cargo", "xtask", "desktop", "--", "--data-dir", data_dir],
                           cwd=ROOT, env=env, start_new_session=True)
    started = time.monotonic()
    why = "no screenshot yet"
    try:
        while time.monotonic() - started < TIMEOUT:
            time.sleep(3)
            if app.poll() is not None:
                sys.exit(f"desktop-check: `cargo xtask desktop` ended with {app.returncode}")
            shot = screenshot(display)
            if not shot:
                continue
            _, _, rows = read_ppm(shot)
            why = styled(rows)
            if why is None:
                os.makedirs(os.path.dirname(SHOT), exist_ok=True)
                subprocess.run(["import", "-display", display, "-window", "root", SHOT])
                print(f"desktop-check: the styled app is on screen after "
                      f"{time.monotonic() - started:.0f} s (screenshot: {SHOT})")
                return
        subprocess.run(["import", "-display", display, "-window", "root", SHOT])
        sys.exit(f"desktop-check: the styled app did not appear: {why} (screenshot: {SHOT})")
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGTERM)
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(app.pid, signal.SIGKILL)
        xvfb.terminate()
        shutil.rmtree(app_data, ignore_errors=True)


if __name__ == "__main__":
    main()
