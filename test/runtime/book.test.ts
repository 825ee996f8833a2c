// BookL3 and BookL2 against q.md's kinds: effects, level order, and every fault leaving the
// book untouched. A random-operation test holds BookL3 to a plain Map-based model, and one
// holds a side's arrays indexed by price to the sorted form they replace.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BookL2 } from "../../runtime/book/bookL2.js";
import { BookL3 } from "../../runtime/book/bookL3.js";
import * as FT from "../../runtime/book/faults.js";
import { LevelSide } from "../../runtime/book/levelSide.js";
import { SortedLevels } from "../../runtime/book/sortedLevels.js";
import { ASK, BID, type BookView } from "../../runtime/kernel.js";
import * as F from "../../runtime/log/format.js";

/** Everything a kernel can see, for before/after comparisons. */
function snapshot(book: BookView): number[][] {
  const out: number[][] = [];
  for (const side of [BID, ASK] as const) {
    const levels: number[] = [];
    for (let i = 0; i < book.levels(side); i++)
      levels.push(book.priceAt(side, i), book.sizeAt(side, i), book.countAt(side, i));
    out.push(levels);
  }
  return out;
}

function l3(ops: [number, number, number, number, number][]): BookL3 {
  const book = new BookL3();
  for (const [kind, side, id, price, size] of ops)
    expect(book.apply(kind, side, 0, id, price, size)).toBe(FT.FAULT_NONE);
  return book;
}

describe("BookL3", () => {
  it("aggregates orders into levels, best first through priceAt", () => {
    const book = l3([
      [F.KIND_ADD, F.SIDE_BID, 1, 100, 10],
      [F.KIND_ADD, F.SIDE_BID, 2, 102, 5],
      [F.KIND_ADD, F.SIDE_BID, 3, 100, 7],
      [F.KIND_ADD, F.SIDE_ASK, 4, 105, 3],
      [F.KIND_ADD, F.SIDE_ASK, 5, 104, 8],
      [F.KIND_ADD, F.SIDE_ASK, 6, 110, 1],
    ]);
    expect(snapshot(book)).toEqual([
      [102, 5, 1, 100, 17, 2],
      [104, 8, 1, 105, 3, 1, 110, 1, 1],
    ]);
    expect(book.depth(BID, 1)).toBe(5);
    expect(book.depth(BID, 5)).toBe(22);
    expect(book.depth(ASK, 2)).toBe(11);
    expect(book.depth(ASK, 0)).toBe(0);
  });

  it("cancel shrinks, delete removes, execute fills, modify moves, clear empties", () => {
    const book = l3([
      [F.KIND_ADD, F.SIDE_BID, 1, 100, 10],
      [F.KIND_ADD, F.SIDE_BID, 2, 100, 5],
      [F.KIND_ADD, F.SIDE_ASK, 3, 105, 3],
    ]);
    expect(book.apply(F.KIND_CANCEL, 0, 0, 1, 0, 4)).toBe(0);
    expect(snapshot(book)[0]).toEqual([100, 11, 2]);
    expect(book.apply(F.KIND_EXECUTE, 0, 0, 2, 100, 5)).toBe(0);
    expect(book.executedSide).toBe(F.SIDE_BID);
    expect(snapshot(book)[0]).toEqual([100, 6, 1]);
    expect(book.apply(F.KIND_MODIFY, 0, 0, 1, 101, 9)).toBe(0);
    expect(snapshot(book)[0]).toEqual([101, 9, 1]);
    expect(book.apply(F.KIND_EXECUTE, 0, 0, 3, 105, 1)).toBe(0);
    expect(book.executedSide).toBe(F.SIDE_ASK);
    expect(book.apply(F.KIND_TRADE, 0, 0, 0, 103, 50)).toBe(0);
    expect(book.apply(F.KIND_STATUS, 0, 0, 0, 0, 0)).toBe(0);
    expect(snapshot(book)).toEqual([
      [101, 9, 1],
      [105, 2, 1],
    ]);
    expect(book.apply(F.KIND_DELETE, 0, 0, 1, 0, 0)).toBe(0);
    expect(snapshot(book)).toEqual([[], [105, 2, 1]]);
    expect(book.apply(F.KIND_CLEAR, 0, 0, 0, 0, 0)).toBe(0);
    expect(snapshot(book)).toEqual([[], []]);
    // Order 3 went with the clear.
    expect(book.apply(F.KIND_DELETE, 0, 0, 3, 0, 0)).toBe(FT.FAULT_UNKNOWN_ORDER);
  });

  it("an ask at price 0 reads back as +0", () => {
    const book = l3([[F.KIND_ADD, F.SIDE_ASK, 1, 0, 1]]);
    expect(Object.is(book.priceAt(ASK, 0), 0)).toBe(true);
  });

  const faults: [string, [number, number, number, number, number], number][] = [
    ["cancel of an unknown order", [F.KIND_CANCEL, 0, 99, 0, 1], FT.FAULT_UNKNOWN_ORDER],
    ["delete of an unknown order", [F.KIND_DELETE, 0, 99, 0, 0], FT.FAULT_UNKNOWN_ORDER],
    ["modify of an unknown order", [F.KIND_MODIFY, 0, 99, 100, 1], FT.FAULT_UNKNOWN_ORDER],
    ["execute of an unknown order", [F.KIND_EXECUTE, 0, 99, 100, 1], FT.FAULT_UNKNOWN_ORDER],
    ["a duplicate add", [F.KIND_ADD, F.SIDE_ASK, 1, 200, 1], FT.FAULT_DUPLICATE_ORDER],
    ["a cancel larger than the order", [F.KIND_CANCEL, 0, 1, 0, 11], FT.FAULT_OVERSIZE],
    ["an execute larger than the order", [F.KIND_EXECUTE, 0, 1, 100, 11], FT.FAULT_OVERSIZE],
    ["an add of size 0", [F.KIND_ADD, F.SIDE_BID, 7, 100, 0], FT.FAULT_BAD_SIZE],
    ["an add of negative size", [F.KIND_ADD, F.SIDE_BID, 7, 100, -5], FT.FAULT_BAD_SIZE],
    ["a cancel of size 0", [F.KIND_CANCEL, 0, 1, 0, 0], FT.FAULT_BAD_SIZE],
    ["a modify to size 0", [F.KIND_MODIFY, 0, 1, 100, 0], FT.FAULT_BAD_SIZE],
    ["an add without a side", [F.KIND_ADD, F.SIDE_NONE, 7, 100, 1], FT.FAULT_BAD_SIDE],
    ["a LEVEL record", [F.KIND_LEVEL, F.SIDE_BID, 0, 100, 1], FT.FAULT_BAD_KIND],
  ];
  for (const [name, [kind, side, id, price, size], fault] of faults) {
    it(`faults on ${name} and leaves the book untouched`, () => {
      const book = l3([
        [F.KIND_ADD, F.SIDE_BID, 1, 100, 10],
        [F.KIND_ADD, F.SIDE_ASK, 2, 101, 4],
      ]);
      const before = snapshot(book);
      expect(book.apply(kind, side, 0, id, price, size)).toBe(fault);
      expect(snapshot(book)).toEqual(before);
      expect(book.orders.count).toBe(2);
    });
  }

  it("grows its order table and level arrays", () => {
    const book = new BookL3();
    for (let id = 0; id < 20_000; id++)
      expect(book.apply(F.KIND_ADD, 1 + (id % 2), id >>> 8, id, 1000 + (id % 700), 1)).toBe(0);
    for (let id = 0; id < 20_000; id += 2) expect(book.apply(F.KIND_DELETE, 0, id >>> 8, id, 0, 0)).toBe(0);
    expect(book.orders.count).toBe(10_000);
    expect(book.levels(BID)).toBe(0);
    expect(book.levels(ASK)).toBe(350);
    expect([book.priceAt(ASK, 0), book.sizeAt(ASK, 0), book.countAt(ASK, 0)]).toEqual([1001, 29, 29]);
    expect(book.depth(ASK, 1000)).toBe(10_000);
    for (let id = 1; id < 20_000; id += 2) expect(book.apply(F.KIND_DELETE, 0, id >>> 8, id, 0, 0)).toBe(0);
    expect(snapshot(book)).toEqual([[], []]);
  });

  it("keys orders by both id words", () => {
    const book = new BookL3();
    expect(book.apply(F.KIND_ADD, F.SIDE_BID, 1, 7, 100, 1)).toBe(0);
    expect(book.apply(F.KIND_ADD, F.SIDE_BID, 2, 7, 100, 1)).toBe(0);
    expect(book.apply(F.KIND_DELETE, 0, 3, 7, 0, 0)).toBe(FT.FAULT_UNKNOWN_ORDER);
    expect(book.apply(F.KIND_DELETE, 0, 2, 7, 0, 0)).toBe(0);
    expect(snapshot(book)[0]).toEqual([100, 1, 1]);
  });

  it("agrees with a Map-based model over random operations (table growth, deletion, deep books)", () => {
    const op = fc.record({
      kind: fc.constantFrom(
        F.KIND_ADD,
        F.KIND_ADD,
        F.KIND_ADD,
        F.KIND_CANCEL,
        F.KIND_DELETE,
        F.KIND_EXECUTE,
        F.KIND_MODIFY,
      ),
      id: fc.integer({ min: 0, max: 5000 }),
      side: fc.constantFrom(F.SIDE_BID, F.SIDE_ASK),
      price: fc.integer({ min: 1, max: 80 }),
      size: fc.integer({ min: -1, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 4000, maxLength: 8000, size: "max" }), (ops) => {
        const book = new BookL3();
        const model = new Map<number, { side: number; price: number; size: number }>();
        for (const o of ops) {
          const order = model.get(o.id);
          let expected: number = FT.FAULT_NONE;
          if (o.kind === F.KIND_ADD) {
            if (o.size <= 0) expected = FT.FAULT_BAD_SIZE;
            else if (order) expected = FT.FAULT_DUPLICATE_ORDER;
            else model.set(o.id, { side: o.side, price: o.price, size: o.size });
          } else if (!order) {
            expected = FT.FAULT_UNKNOWN_ORDER;
          } else if (o.kind === F.KIND_DELETE) {
            model.delete(o.id);
          } else if (o.kind === F.KIND_MODIFY) {
            if (o.size <= 0) expected = FT.FAULT_BAD_SIZE;
            else Object.assign(order, { price: o.price, size: o.size });
          } else if (o.size <= 0) {
            expected = FT.FAULT_BAD_SIZE;
          } else if (o.size > order.size) {
            expected = FT.FAULT_OVERSIZE;
          } else {
            order.size -= o.size;
            if (order.size === 0) model.delete(o.id);
          }
          expect(book.apply(o.kind, o.side, 0, o.id, o.price, o.size)).toBe(expected);
        }
        expect(book.orders.count).toBe(model.size);
        expect(snapshot(book)).toEqual(modelSnapshot(model));
      }),
      { numRuns: 15 },
    );
  });
});

function modelSnapshot(model: Map<number, { side: number; price: number; size: number }>): number[][] {
  return [F.SIDE_BID, F.SIDE_ASK].map((side) => {
    const levels = new Map<number, [number, number]>();
    for (const o of model.values()) {
      if (o.side !== side) continue;
      const l = levels.get(o.price) ?? [0, 0];
      levels.set(o.price, [l[0] + o.size, l[1] + 1]);
    }
    const prices = [...levels.keys()].sort((a, b) => (side === F.SIDE_BID ? b - a : a - b));
    return prices.flatMap((p) => [p, ...levels.get(p)!]);
  });
}

describe("BookL2", () => {
  it("sets, replaces and deletes levels; order kinds are faults", () => {
    const book = new BookL2();
    expect(book.apply(F.KIND_LEVEL, F.SIDE_BID, 0, 0, 100, 5)).toBe(0);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_BID, 0, 0, 101, 6)).toBe(0);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_ASK, 0, 0, 103, 2)).toBe(0);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_BID, 0, 0, 100, 9)).toBe(0);
    expect(snapshot(book)).toEqual([
      [101, 6, 0, 100, 9, 0],
      [103, 2, 0],
    ]);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_BID, 0, 0, 101, 0)).toBe(0);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_ASK, 0, 0, 150, 0)).toBe(0);
    expect(snapshot(book)).toEqual([
      [100, 9, 0],
      [103, 2, 0],
    ]);
    const before = snapshot(book);
    expect(book.apply(F.KIND_ADD, F.SIDE_BID, 0, 1, 100, 1)).toBe(FT.FAULT_BAD_KIND);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_BID, 0, 0, 100, -1)).toBe(FT.FAULT_BAD_SIZE);
    expect(book.apply(F.KIND_LEVEL, F.SIDE_NONE, 0, 0, 100, 1)).toBe(FT.FAULT_BAD_SIDE);
    expect(snapshot(book)).toEqual(before);
    expect(book.apply(F.KIND_CLEAR, 0, 0, 0, 0, 0)).toBe(0);
    expect(snapshot(book)).toEqual([[], []]);
  });
});

/** Every level of a side, best first. */
function sideLevels(side: LevelSide | SortedLevels): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < side.length; i++) out.push([side.priceAt(i), side.sizeAt(i), side.countAt(i)]);
  return out;
}

// The twin of native/core/src/book/ladder.rs's tests: the arrays indexed by grid position read
// as the sorted form they replace, off-grid and far prices included.
describe("LevelSide", () => {
  it("learns the grid and reads from the best", () => {
    const bids = new LevelSide(1);
    for (const [p, s] of [
      [5_794_000, 100],
      [5_793_900, 50],
      [5_794_000, 10],
      [5_790_000, 7],
    ])
      bids.addOrder(p, s);
    expect(sideLevels(bids)).toEqual([
      [5_794_000, 110, 2],
      [5_793_900, 50, 1],
      [5_790_000, 7, 1],
    ]);
    bids.addOrder(5_793_950, 1); // off the grid of 100: a finer one
    expect(bids.priceAt(1)).toBe(5_793_950);
    expect([bids.depth(2), bids.depth(10)]).toEqual([111, 168]);
    const asks = new LevelSide(-1);
    asks.setLevel(0, 5);
    asks.setLevel(3, 4);
    expect(sideLevels(asks)).toEqual([
      [0, 5, 0],
      [3, 4, 0],
    ]);
    expect(Object.is(asks.priceAt(0), 0)).toBe(true);
  });

  it("goes sorted when its levels span too wide a range, and back when cleared", () => {
    const asks = new LevelSide(-1);
    asks.addOrder(100, 1);
    asks.addOrder(101, 1);
    asks.addOrder(100 + 4 * 2 ** 20, 5);
    asks.addOrder(99, 2);
    expect(sideLevels(asks)).toEqual([
      [99, 2, 1],
      [100, 1, 1],
      [101, 1, 1],
      [100 + 4 * 2 ** 20, 5, 1],
    ]);
    asks.clear();
    expect(asks.length).toBe(0);
    asks.addOrder(2 ** 52, 1);
    asks.addOrder(-(2 ** 52), 1);
    expect([asks.priceAt(0), asks.priceAt(1)]).toEqual([-(2 ** 52), 2 ** 52]);
  });

  it("agrees with the sorted form over random adds, removals and level sets", () => {
    for (const sign of [1, -1]) {
      const dense = new LevelSide(sign);
      const sorted = new SortedLevels(sign);
      const held: number[] = [];
      let x = 7;
      const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
      for (let step = 0; step < 50_000; step++) {
        const r = next() % 100;
        // Mostly a tick of 5 around 10,000, now and then a price off that grid or far away.
        const price =
          r === 0 ? 10_000 + (next() % 7) : r === 1 ? 10_000 + (next() % 3_000_000) : 9_000 + 5 * (next() % 400);
        if (next() % 3 === 0 && held.length > 0) {
          const k = next() % held.length;
          const p = held[k];
          held[k] = held[held.length - 1];
          held.pop();
          dense.removeFromOrder(p, 1, 1);
          sorted.removeFromOrder(p, 1, 1);
        } else {
          dense.addOrder(price, 1);
          sorted.addOrder(price, 1);
          held.push(price);
        }
        if (step % 1000 === 0) {
          expect(sideLevels(dense)).toEqual(sideLevels(sorted));
          expect(dense.depth(7)).toBe(sorted.depth(7));
        }
      }
    }
  });
});
