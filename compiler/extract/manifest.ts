// The dataset manifest (docs/formats/parquet.md, "Layout and manifest"): what one run wrote into
// `<out>/<dataset>/`, as `_featc/manifest.json` (or `_featc/manifest-K-of-N.json` for a shard),
// written last and atomically, so its presence means the run completed. It lists every file
// with its rows, bytes and SHA-256, the spec's IR hash and the run's settings. A later run with
// `--skip-existing` resumes from the manifests; a run whose spec or settings differ from those
// already in the dataset is refused, so a dataset never mixes two specs' rows.
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { FeatcError } from "../../runtime/errors.js";

/** What must agree between every run writing into one dataset. */
export interface DatasetIdentity {
  dataset: string;
  irHash: string;
  emitWindow: string;
  timestamps: "ns" | "us";
}

export interface ManifestFile {
  symbol: string;
  date: string;
  /** Relative to the dataset folder. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  source: string;
  records: number;
  /** How the file's replay began (docs/language.md section 4.1), and why it was reset. */
  start: string;
  resetReason?: string;
  skipped: Record<string, number>;
  /** This run did not write it: a run recorded it before (`--skip-existing`). */
  reused?: boolean;
}

export interface Manifest extends DatasetIdentity {
  featcVersion: string;
  specSource: string;
  shard: string | null;
  created: string;
  files: ManifestFile[];
  /** Symbols asked for by name without any log in the dates. */
  missing: string[];
  warnings: string[];
}

export function manifestDir(out: string, dataset: string): string {
  return join(out, dataset, "_featc");
}

export function manifestName(shard?: { index: number; count: number }): string {
  return shard ? `manifest-${shard.index}-of-${shard.count}.json` : "manifest.json";
}

/** Every manifest already in the dataset. */
export function readManifests(out: string, dataset: string): Manifest[] {
  const dir = manifestDir(out, dataset);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^manifest(-\d+-of-\d+)?\.json$/.test(n))
    .sort()
    .map((n) => {
      const path = join(dir, n);
      try {
        return JSON.parse(readFileSync(path, "utf8")) as Manifest;
      } catch (e) {
        throw new FeatcError("BAD_ARGUMENT", `${path}: not a featc manifest: ${(e as Error).message}`);
      }
    });
}

/** A dataset holds one spec's rows with one window and one timestamp unit. */
export function checkIdentity(existing: Manifest[], identity: DatasetIdentity, out: string): void {
  for (const m of existing) {
    const differs = (["irHash", "emitWindow", "timestamps"] as const).filter((k) => m[k] !== identity[k]);
    if (differs.length > 0)
      throw new FeatcError(
        "DATASET_MISMATCH",
        `${join(out, identity.dataset)} already holds rows of ${differs
          .map((k) => `${k} ${JSON.stringify(m[k])}`)
          .join(", ")}; this run has ${differs.map((k) => JSON.stringify(identity[k])).join(", ")}: ` +
          "a dataset never mixes two specs or windows. Use another --out, or remove the dataset first",
      );
  }
}

/** Read a piece at a time: a day's file can be hundreds of MB, which a whole read would hold. */
const HASH_CHUNK_BYTES = 1 << 20;

export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const chunk = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
  const fd = openSync(path, "r");
  try {
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

/** A file entry of a manifest, with its size and hash read from disk. */
export function describeFile(
  datasetDir: string,
  entry: Omit<ManifestFile, "path" | "bytes" | "sha256"> & { output: string },
): ManifestFile {
  const { output, ...rest } = entry;
  return { ...rest, path: relative(datasetDir, output), bytes: statSync(output).size, sha256: sha256File(output) };
}

/** The entry some manifest has for `path` whose file is still on disk, unchanged. */
export function recordedFile(existing: Manifest[], datasetDir: string, path: string): ManifestFile | undefined {
  const rel = relative(datasetDir, path);
  for (const m of existing) {
    const f = m.files.find((x) => x.path === rel);
    if (f && existsSync(path) && statSync(path).size === f.bytes && sha256File(path) === f.sha256) return f;
  }
  return undefined;
}

/** Writes the manifest last, through a hidden temp name, so it is whole when it appears. */
export function writeManifest(out: string, manifest: Manifest, shard?: { index: number; count: number }): string {
  const dir = manifestDir(out, manifest.dataset);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, manifestName(shard));
  const tmp = join(dir, `.${manifestName(shard)}.tmp-${process.pid}`);
  writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n", { flush: true });
  renameSync(tmp, path);
  return path;
}
