// Browser side of test/e2e/storage.test.ts.
import { SampleStore } from "../../src/storage/index.js";
import { createVolume } from "../../src/volume/index.js";

function sample(id: string, n: number) {
  const image = createVolume(Float32Array, [n, n, n], [0.5, 0.5, 0.5]);
  const label = createVolume(Uint8Array, [n, n, n], [0.5, 0.5, 0.5]);
  for (let i = 0; i < image.data.length; i++) {
    image.data[i] = (i % 97) / 7;
    label.data[i] = i % 5 === 0 ? 1 : 0;
  }
  return { id, createdAt: Date.now() + n, record: { preset: "brain-tof", seed: n }, image, label };
}

export async function roundTrip() {
  const store = await SampleStore.open("vl-test-roundtrip");
  await store.clear();
  const a = sample("a", 8),
    b = sample("b", 12);
  await store.put(a);
  await store.put(b);
  const listed = (await store.list()).map((s) => s.id);
  const got = await store.get("b");
  const same =
    got!.image.data.every((x, i) => x === b.image.data[i]) && got!.label.data.every((x, i) => x === b.label.data[i]) && got!.image.data instanceof Float32Array;
  await store.delete("a");
  const after = (await store.list()).map((s) => s.id);
  store.close();
  // Reopen: it survives.
  const again = await SampleStore.open("vl-test-roundtrip");
  const persisted = (await again.list()).map((s) => s.id);
  await again.clear();
  again.close();
  return { listed, same, dims: got!.image.dims, after, persisted };
}

/**
 * Headless Chromium's quota cannot be lowered from a test (the DevTools override is refused),
 * so the browser's own QuotaExceededError is raised from IDBObjectStore.put once `capacity`
 * samples are stored, as a full disk would.
 */
export async function fillUntilFull(capacity = 3) {
  const store = await SampleStore.open("vl-test-full");
  await store.clear();
  const realPut = IDBObjectStore.prototype.put;
  let puts = 0;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
    if (this.name === "samples" && ++puts > capacity) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    return realPut.apply(this, args);
  };
  let kept = 0;
  try {
    for (let i = 0; i < 200; i++) {
      await store.put(sample(`s${i}`, 40)); // 40³ × 5 bytes ≈ 320 kB each
      kept++;
    }
    return { error: null, kept };
  } catch (error) {
    const listed = (await store.list()).length;
    return { error: { name: (error as Error).name, message: (error as Error).message }, kept, listed };
  } finally {
    IDBObjectStore.prototype.put = realPut;
    await store.clear().catch(() => undefined);
    store.close();
  }
}
