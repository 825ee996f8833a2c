// The documents the editor has open, each with its latest analysis, and when to make the next:
// on open, on every change (./debounce.ts), and when a file it imports changes, since an open
// document is checked against the open buffers of the files it imports, saved or not.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { TextDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { MAX_SOURCE_BYTES, readSourceFile, realPathOf } from "../sources.js";
import { analyze, type Analysis } from "./analysis.js";
import { Debouncer } from "./debounce.js";
import { pathOfUri, uriOfPath } from "./uris.js";

/** Folders a search of the workspace for `.feat` files never enters. */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "dist", "target", "out", ".featc", ".venv"]);
/** The most `.feat` files a search of the workspace reads. */
const MAX_WORKSPACE_FILES = 5000;

export class Workspace {
  private readonly latest = new Map<string, Analysis>();
  /** The latest analysis of each document whose text parsed, for what needs a syntax tree while the text is half typed. */
  private readonly parsed = new Map<string, Analysis>();
  /** Documents whose latest analysis is out of date: changed, or a file they import changed. */
  private readonly stale = new Set<string>();
  private readonly debouncer: Debouncer;
  roots: string[] = [];

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    delayMs: number,
    private readonly publish: (analysis: Analysis) => void,
  ) {
    this.debouncer = new Debouncer(delayMs, (uri) => {
      // A request may have checked it since (`current`).
      if (!this.stale.has(uri)) return;
      try {
        this.check(uri);
      } catch (error) {
        // A fault of the server's own must not end it: the next change checks again.
        process.stderr.write(`featc lsp: checking ${uri} failed: ${(error as Error).stack ?? String(error)}\n`);
      }
    });
  }

  private touch(uri: string): void {
    this.stale.add(uri);
    this.debouncer.touch(uri);
  }

  /** The texts of the open documents that are files, by real path: what imports read instead of the disk. */
  overlay(): Map<string, string> {
    const overlay = new Map<string, string>();
    for (const doc of this.documents.all())
      if (doc.uri.startsWith("file:")) overlay.set(realPathOf(pathOfUri(doc.uri)), doc.getText());
    return overlay;
  }

  /** A document changed: check it soon, and the open documents that import it. */
  changed(uri: string): void {
    this.touch(uri);
  }

  /** Files on disk changed (saved elsewhere, created, deleted): re-check the open documents that read them. */
  filesChanged(paths: string[]): void {
    const real = new Set(paths.map(realPathOf));
    for (const [uri, analysis] of this.latest)
      if ([...analysis.files.values()].some((file) => real.has(file.realPath))) this.touch(uri);
  }

  closed(uri: string): void {
    this.debouncer.cancel(uri);
    this.stale.delete(uri);
    const analysis = this.latest.get(uri);
    this.latest.delete(uri);
    this.parsed.delete(uri);
    // Its importers now read the file on disk again.
    if (analysis) this.recheckImporters(analysis);
  }

  /** Compiles the document now and publishes its diagnostics; then re-checks the documents that import it. */
  check(uri: string): Analysis | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    this.stale.delete(uri);
    const analysis = analyze(uri, doc.version, pathOfUri(uri), doc.getText(), this.overlay());
    const previous = this.latest.get(uri);
    this.latest.set(uri, analysis);
    if (analysis.root.tree) this.parsed.set(uri, analysis);
    this.publish(analysis);
    if (previous?.root.text !== analysis.root.text) this.recheckImporters(analysis);
    return analysis;
  }

  private recheckImporters(changed: Analysis): void {
    const path = changed.root.realPath;
    for (const [uri, analysis] of this.latest) {
      if (uri === changed.uri) continue;
      if ([...analysis.files.values()].some((file) => file !== analysis.root && file.realPath === path))
        this.touch(uri);
    }
  }

  /** The analysis of the document's current text (made now if a change has not been checked yet). */
  current(uri: string): Analysis | undefined {
    const analysis = this.latest.get(uri);
    if (analysis && !this.stale.has(uri)) return analysis;
    return this.check(uri);
  }

  /** The latest analysis of the document that has a syntax tree: the current one, or the last before the text stopped parsing. */
  withTree(uri: string): Analysis | undefined {
    const analysis = this.current(uri);
    if (analysis?.root.tree) return analysis;
    return this.parsed.get(uri);
  }

  /**
   * Analyses that may mention `name`: every open document's, and those of the `.feat` files of
   * the workspace folders whose text contains it (for references and renames across files).
   */
  analysesMentioning(name: string): Analysis[] {
    const out: Analysis[] = [];
    const seen = new Set<string>();
    for (const doc of this.documents.all()) {
      const analysis = this.current(doc.uri);
      if (!analysis) continue;
      out.push(analysis);
      seen.add(analysis.root.realPath);
    }
    const overlay = this.overlay();
    for (const path of this.workspaceFiles()) {
      const real = realPathOf(path);
      if (seen.has(real)) continue;
      seen.add(real);
      const read = readSourceFile(path, MAX_SOURCE_BYTES);
      if (!("text" in read) || !read.text.includes(name)) continue;
      out.push(analyze(uriOfPath(path), 0, path, read.text, overlay));
    }
    return out;
  }

  private workspaceFiles(): string[] {
    const found: string[] = [];
    const pending = [...this.roots];
    while (pending.length > 0 && found.length < MAX_WORKSPACE_FILES) {
      const dir = pending.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(join(dir, entry.name));
        else if (entry.isFile() && entry.name.endsWith(".feat")) found.push(join(dir, entry.name));
      }
    }
    return found;
  }

  dispose(): void {
    this.debouncer.dispose();
  }
}
