import { existsSync } from "node:fs";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

export const INSTALL_HINT =
  "The browser tests need Chromium or Chrome. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`; macOS: install Google Chrome) or point CHROME_PATH at the executable, then run `npm test` again.";

/** The Chromium to drive: $CHROME_PATH, else the first usual install path that exists. Throws with install instructions when none does. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string {
  const fromEnv = env.CHROME_PATH;
  if (fromEnv) {
    if (!exists(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist. ${INSTALL_HINT}`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => exists(p));
  if (!found) throw new Error(`No Chromium or Chrome found (looked in CHROME_PATH and ${CANDIDATES.join(", ")}). ${INSTALL_HINT}`);
  return found;
}

/** Flags for headless Chromium on a closed network, with WebGPU enabled (SwiftShader where there is no GPU). */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--enable-unsafe-webgpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
];
