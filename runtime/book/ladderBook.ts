// The read side both books share: two price ladders, read through `BookView`. The L2 and L3
// books differ only in how records change the ladders.

import { BID, type SideCode } from "../kernel.js";
import { LevelSide } from "./levelSide.js";

export abstract class LadderBook {
  readonly bids = new LevelSide(1);
  readonly asks = new LevelSide(-1);

  levels(side: SideCode): number {
    return side === BID ? this.bids.length : this.asks.length;
  }

  priceAt(side: SideCode, i: number): number {
    return side === BID ? this.bids.priceAt(i) : this.asks.priceAt(i);
  }

  sizeAt(side: SideCode, i: number): number {
    return side === BID ? this.bids.sizeAt(i) : this.asks.sizeAt(i);
  }

  countAt(side: SideCode, i: number): number {
    return side === BID ? this.bids.countAt(i) : this.asks.countAt(i);
  }

  depth(side: SideCode, n: number): number {
    return side === BID ? this.bids.depth(n) : this.asks.depth(n);
  }
}
