// The page's own JavaScript for all three apps, in one file the server sends like any other
// script: the web build imports it through wasm-bindgen (no `eval`, which the Content Security
// Policy forbids), the desktop and phone webviews run the same text through Dioxus's eval (see
// page.rs). Each program is an async function of a channel (`send`, `recv`) and its arguments.

export const programs = {
  /** Sends the network's state now and at each change; never ends. */
  async online(dioxus) {
    dioxus.send(navigator.onLine !== false);
    window.addEventListener('online', () => dioxus.send(true));
    window.addEventListener('offline', () => dioxus.send(false));
    await new Promise(() => {});
  },

  /** The device's position once, coarse, accepting a fix up to ten minutes old. */
  async position() {
    if (!navigator.geolocation) return { denied: false };
    return await new Promise((resolve) => navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      (e) => resolve({ denied: e.code === 1 }),
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
    ));
  },

  /** Keeps the screen on while the card is shown, again after the page was hidden. */
  async wakeLock() {
    if (!('wakeLock' in navigator)) return;
    const ask = () => navigator.wakeLock.request('screen').catch(() => {});
    ask();
    if (!window.__akWakeLock) {
      window.__akWakeLock = true;
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible' && location.pathname === '/') ask();
      });
    }
  },

  async userAgent() {
    return navigator.userAgent;
  },

  async setTitle(dioxus, { title }) {
    document.title = title;
  },

  /** The page's language and direction, so screen readers and mirroring follow the choice. */
  async setLang(dioxus, { lang, dir }) {
    document.documentElement.lang = lang;
    document.documentElement.dir = dir;
  },

  async reload() {
    location.reload();
  },

  async removeElement(dioxus, { id }) {
    document.getElementById(id)?.remove();
  },

  /** Prints the page (the admin area's settlement report). */
  async printPage(dioxus) {
    window.print();
  },

  /** Prints the document inside the frame `id` (the admin area's letters). */
  async printFrame(dioxus, { id }) {
    document.getElementById(id)?.contentWindow?.print();
  },

  /**
   * Venue mode's camera: opens it, then either decodes in the browser and sends the text, or
   * sends the middle square of each frame in grey (at most 720 px) and waits for "next" before
   * the following one, so frames never pile up. "stop" turns the camera off.
   */
  async scanner(dioxus) {
    const video = document.getElementById('scan-video');
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 } }, audio: false,
      });
    } catch (e) {
      dioxus.send({ error: e && e.name === 'NotAllowedError' ? 'denied' : 'unavailable' });
      return;
    }
    video.srcObject = stream;
    video.muted = true;
    video.setAttribute('playsinline', '');
    try { await video.play(); } catch (e) {}
    let detector = null;
    if ('BarcodeDetector' in window) {
      try {
        const formats = await BarcodeDetector.getSupportedFormats();
        if (formats.includes('qr_code')) detector = new BarcodeDetector({ formats: ['qr_code'] });
      } catch (e) {}
    }
    dioxus.send({ started: true, native: !!detector });
    let running = true;
    let resolveNext = null;
    (async () => {
      while (true) {
        const message = await dioxus.recv();
        if (message === 'stop') {
          running = false;
          stream.getTracks().forEach((t) => t.stop());
          video.srcObject = null;
          if (resolveNext) resolveNext();
          break;
        }
        if (message === 'next' && resolveNext) {
          const resolve = resolveNext;
          resolveNext = null;
          resolve();
        }
      }
    })();
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    while (running) {
      if (video.readyState >= 2 && video.videoWidth > 0) {
        if (detector) {
          try {
            const codes = await detector.detect(video);
            if (codes.length) dioxus.send({ text: codes[0].rawValue });
          } catch (e) {}
        } else {
          // The middle square, where staff hold the code (the frame on the screen shows it), at
          // up to 720 px: small codes keep enough pixels per module to be read.
          const side = Math.min(video.videoWidth, video.videoHeight);
          const sx = (video.videoWidth - side) / 2;
          const sy = (video.videoHeight - side) / 2;
          const w = Math.min(side, 720);
          const h = w;
          canvas.width = w;
          canvas.height = h;
          context.drawImage(video, sx, sy, side, side, 0, 0, w, h);
          const rgba = context.getImageData(0, 0, w, h).data;
          const grey = new Uint8Array(w * h);
          for (let i = 0, j = 0; j < grey.length; i += 4, j++) {
            grey[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
          }
          let binary = '';
          for (let k = 0; k < grey.length; k += 0x8000) {
            binary += String.fromCharCode.apply(null, grey.subarray(k, k + 0x8000));
          }
          const next = new Promise((resolve) => { resolveNext = resolve; });
          dioxus.send({ w, h, grey: btoa(binary) });
          await next;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  },
};

/**
 * One running program and its two queues, for the web build: the program's `send` reaches
 * Rust's `recv` and Rust's `send` the program's `recv`, as JSON text both ways. `recv` gives
 * null once the program has ended and everything it sent was read.
 */
export class Channel {
  constructor(name, argsJson) {
    this.toRust = [];
    this.rustWaits = [];
    this.toPage = [];
    this.pageWaits = [];
    this.ended = false;
    const channel = this;
    const dioxus = {
      send(value) {
        const json = JSON.stringify(value === undefined ? null : value);
        const wait = channel.rustWaits.shift();
        if (wait) wait(json); else channel.toRust.push(json);
      },
      recv() {
        return new Promise((resolve) => {
          if (channel.toPage.length) resolve(channel.toPage.shift());
          else channel.pageWaits.push(resolve);
        });
      },
    };
    this.result = Promise.resolve()
      .then(() => programs[name](dioxus, JSON.parse(argsJson)))
      .then((value) => JSON.stringify(value === undefined ? null : value))
      .catch((e) => {
        console.warn(`page program ${name} failed`, e);
        return null;
      })
      .finally(() => {
        channel.ended = true;
        for (const wait of channel.rustWaits.splice(0)) wait(null);
      });
  }

  recv() {
    if (this.toRust.length) return Promise.resolve(this.toRust.shift());
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.rustWaits.push(resolve));
  }

  send(json) {
    const value = JSON.parse(json);
    const wait = this.pageWaits.shift();
    if (wait) wait(value); else this.toPage.push(value);
  }

  join() {
    return this.result;
  }
}
