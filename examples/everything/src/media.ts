/**
 * Fixed binary payloads the conformance scenarios ask for: "a minimal test image"
 * and "a minimal test audio file". Both are complete, valid files, so a client that
 * decodes them (not just checks for a `data` field) also succeeds.
 */

/** A 1x1 red PNG (8-bit RGB, one IDAT chunk). */
export const RED_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

/** A WAV file of eight samples of silence: PCM, mono, 8 kHz, 8 bits. */
export const SILENT_WAV = "UklGRiwAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQgAAACAgICAgICAgA==";

/** Waits without blocking the event loop; resolves early (without error) when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
