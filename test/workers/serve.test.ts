import { test } from "node:test";
import assert from "node:assert/strict";
import { serveOps, transferables, CancelledError, type OpContext } from "../../src/workers/index.js";

function fakeScope() {
  const sent: Array<{ msg: any; transfer?: Transferable[] }> = [];
  const scope = { onmessage: null as ((e: MessageEvent) => void) | null, postMessage: (msg: any, transfer?: Transferable[]) => sent.push({ msg, transfer }) };
  return { scope, sent, send: (data: unknown) => scope.onmessage!({ data } as MessageEvent) };
}

test("transferables(value) finds every typed array's buffer once, nested in Volumes", () => {
  const a = new Float32Array(4),
    b = new Uint8Array(2);
  const found = transferables({ image: { data: a, dims: [1, 2, 2] }, label: { data: b }, again: a, n: 3, s: "x" });
  assert.equal(found.length, 2);
  assert.ok(found.includes(a.buffer) && found.includes(b.buffer));
});

test("serveOps(ops, scope) answers a call with its result and transfers its buffers", async () => {
  const { scope, sent, send } = fakeScope();
  serveOps({ double: (_c: OpContext, x: number) => ({ data: new Float32Array([x * 2]) }) }, scope);
  send({ type: "call", id: 1, op: "double", args: [21] });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sent.length, 1);
  assert.equal(sent[0].msg.type, "result");
  assert.equal(sent[0].msg.value.data[0], 42);
  assert.equal(sent[0].transfer!.length, 1);
});

test("serveOps reports an unknown operation and a thrown error as error messages, never throws", async () => {
  const { scope, sent, send } = fakeScope();
  serveOps(
    {
      boom: () => {
        throw new RangeError("size = 0; give a positive size");
      },
    },
    scope,
  );
  send({ type: "call", id: 1, op: "nope", args: [] });
  send({ type: "call", id: 2, op: "boom", args: [] });
  await new Promise((r) => setTimeout(r, 0));
  assert.match(sent[0].msg.message, /no operation "nope".*boom/);
  assert.deepEqual({ name: sent[1].msg.name, message: sent[1].msg.message }, { name: "RangeError", message: "size = 0; give a positive size" });
});

test("serveOps: a cancel message makes ctx.cancelled true and the call end as CancelledError, with progress before", async () => {
  const { scope, sent, send } = fakeScope();
  serveOps(
    {
      loop: async (ctx: OpContext) => {
        for (let i = 0; i < 100; i++) {
          if (ctx.cancelled) throw new CancelledError();
          ctx.progress(i + 1, 100);
          await new Promise((r) => setTimeout(r, 1));
        }
      },
    },
    scope,
  );
  send({ type: "call", id: 7, op: "loop", args: [] });
  await new Promise((r) => setTimeout(r, 15));
  send({ type: "cancel", id: 7 });
  await new Promise((r) => setTimeout(r, 15));
  const last = sent[sent.length - 1].msg;
  assert.equal(last.type, "error");
  assert.equal(last.name, "CancelledError");
  assert.ok(sent.filter((s) => s.msg.type === "progress").length >= 1);
});
