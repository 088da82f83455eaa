/**
 * A binary max-heap of items by a numeric priority, ties broken by insertion order (first in,
 * first out), so the order items come out in is fully determined by the order they went in.
 */
export interface Heap<T> {
  push(item: T, priority: number): void;
  pop(): T | undefined;
  size(): number;
}

export function createHeap<T>(): Heap<T> {
  const items: T[] = [];
  const prio: number[] = [];
  const order: number[] = [];
  let counter = 0;
  const above = (a: number, b: number) => prio[a] > prio[b] || (prio[a] === prio[b] && order[a] < order[b]);
  const swap = (a: number, b: number) => {
    [items[a], items[b]] = [items[b], items[a]];
    [prio[a], prio[b]] = [prio[b], prio[a]];
    [order[a], order[b]] = [order[b], order[a]];
  };
  return {
    push(item, priority) {
      items.push(item);
      prio.push(priority);
      order.push(counter++);
      let i = items.length - 1;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (!above(i, up)) break;
        swap(i, up);
        i = up;
      }
    },
    pop() {
      if (items.length === 0) return undefined;
      const top = items[0];
      const last = items.length - 1;
      swap(0, last);
      items.pop();
      prio.pop();
      order.pop();
      let i = 0;
      for (;;) {
        const l = 2 * i + 1,
          r = l + 1;
        let best = i;
        if (l < items.length && above(l, best)) best = l;
        if (r < items.length && above(r, best)) best = r;
        if (best === i) break;
        swap(i, best);
        i = best;
      }
      return top;
    },
    size: () => items.length,
  };
}
