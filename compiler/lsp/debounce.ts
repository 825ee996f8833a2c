// When to re-check a document after a change. A change after a quiet spell is checked at once,
// so an isolated edit shows its diagnostics as fast as the compiler gives them; the changes of a
// burst of typing are checked once, when the typing has paused for `delayMs`. The spell is
// counted from the last change or the end of the last check, whichever is later: changes that
// queued up while a check ran are a burst, however long the check took.

export class Debouncer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly delayMs: number,
    private readonly run: (key: string) => void,
  ) {}

  touch(key: string): void {
    const now = performance.now();
    const quiet = now - (this.lastTouch.get(key) ?? -Infinity) >= this.delayMs;
    this.lastTouch.set(key, now);
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        try {
          this.run(key);
        } finally {
          this.lastTouch.set(key, performance.now());
        }
      },
      quiet && !pending ? 0 : this.delayMs,
    );
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.lastTouch.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
