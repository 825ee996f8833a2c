// Reading spec files, and where an `import` may reach (docs/security.md, "Imports").
//
// A spec is read only when it is a regular file of at most `maxSourceBytes`; an import resolves
// only to a regular `.feat` file inside the project root of the spec being compiled (the
// nearest folder at or above the spec's own with a `package.json` or a `.git`, or the spec's
// folder when there is none) or to the standard library (`std/...`, the installed package's
// specs/std, whose files may be named without `.feat`: `std/book`). Nothing outside is opened:
// a path that leaves the root is refused before the file system is asked, and a symbolic link
// is judged by where it leads.

import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, type Stats } from "node:fs";
import { dirname, extname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "./build/packageRoot.js";
import type { DiagnosticCode } from "./diagnostics/codes.js";

/** The most bytes a spec or an imported file may have: 1 MiB. */
export const MAX_SOURCE_BYTES = 1 << 20;

/** The standard library's folder, which `import "std/..."` names (its real path). */
export const STD_DIR = realPathOf(join(PACKAGE_ROOT, "specs", "std"));

/** Why a file was not read: a diagnostic's code and the reason after "cannot import `x`: ". */
export interface SourceRefusal {
  code: DiagnosticCode;
  reason: string;
  /** What the import was resolved to, for the label, when the file system was consulted. */
  lookedFor?: string;
  /** The label under the import's path when it is not `looked for ...`. */
  label?: string;
  note?: string;
  hint?: string;
}

export type SourceRead = { text: string; realPath: string } | SourceRefusal;

/** `path` with every symbolic link resolved, or just made absolute when it does not exist. */
export function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The project root of a spec (see the header); `specPath` need not exist. */
export function projectRootOf(specPath: string): string {
  const own = realPathOf(dirname(resolve(specPath)));
  for (let dir = own; ;) {
    if (existsSync(join(dir, "package.json")) || existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return own;
    dir = parent;
  }
}

/** Whether `path` is `root` or inside it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

function errnoReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "it is a symbolic link where none may be";
  if (code === "ENAMETOOLONG") return "the path is too long";
  return code ?? "it cannot be read";
}

/**
 * The text of the regular file at `path`, read through one descriptor: opened without
 * blocking (a FIFO would wait for a writer), checked to be a regular file of at most
 * `maxBytes`, and read to at most one byte more (a file growing meanwhile is still refused).
 */
export function readSourceFile(path: string, maxBytes: number, followLinks = true): SourceRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (followLinks ? 0 : constants.O_NOFOLLOW));
  } catch (error) {
    return { code: "E0024", reason: errnoReason(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { code: "E0041", reason: `it is ${kindOf(stat)}, not a regular file` };
    if (stat.size > maxBytes) return tooLarge(stat.size, maxBytes);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return tooLarge(length, maxBytes, true);
      if (length === buffer.length) break;
    }
    return { text: buffer.subarray(0, length).toString("utf8"), realPath: realPathOf(path) };
  } catch (error) {
    return { code: "E0024", reason: errnoReason(error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The text of a spec given as a stream (`featc fmt --stdin`): read to at most one byte more
 * than `maxBytes`, so an endless pipe is refused (E0042) instead of filling memory.
 */
export async function readSourceStream(
  stream: AsyncIterable<Buffer | string>,
  maxBytes: number,
): Promise<{ text: string } | SourceRefusal> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      chunks.push(bytes);
      length += bytes.length;
      if (length > maxBytes) return tooLarge(length, maxBytes, true);
    }
  } catch (error) {
    return { code: "E0024", reason: errnoReason(error) };
  }
  return { text: Buffer.concat(chunks, length).toString("utf8") };
}

function tooLarge(size: number, maxBytes: number, atLeast = false): SourceRefusal {
  return {
    code: "E0042",
    reason: `it has ${atLeast ? "more than " : ""}${size.toLocaleString("en-US")} bytes, more than the ${maxBytes.toLocaleString("en-US")} a spec file may have`,
  };
}

/** Where a file read by the compiler came from, for resolving the imports it makes. */
export interface SourceZone {
  /** The folder its relative imports start from (a real path). */
  dir: string;
  /** The folder they must stay inside: the project root, or the standard library's folder. */
  root: string;
  /** `std` for a file of the standard library. */
  kind: "project" | "std";
}

export interface ResolvedImport {
  /** The file's real path: the same file reached by two spellings is read once. */
  realPath: string;
  /** The name diagnostics give the file. */
  display: string;
  zone: SourceZone;
  text: string;
}

/** The root's name as the user sees it: relative to the working directory when inside it. */
function shown(root: string): string {
  const rel = relative(process.cwd(), root);
  return rel === "" ? "./" : isInside(process.cwd(), root) ? `${rel}/` : `${root}/`;
}

/**
 * Resolves `import "<path>"` written in a file of `importer` (named `importerDisplay` in
 * diagnostics) and reads it; or says why not.
 */
export function resolveImport(
  path: string,
  importer: SourceZone,
  importerDisplay: string,
  maxBytes: number,
): ResolvedImport | SourceRefusal {
  const projectNote =
    importer.kind === "std"
      ? "a file of the standard library may import only the standard library"
      : `a spec may import \`.feat\` files inside its project (the nearest folder above it with a \`package.json\` or \`.git\`, here \`${shown(importer.root)}\`) and the standard library as \`std/...\``;
  const outside = {
    code: "E0040" as const,
    note: projectNote,
    hint:
      importer.kind === "std"
        ? "import the standard library's own files as `std/<file>.feat`"
        : "copy the file into the project, or import the standard library as `std/<file>.feat`",
  };
  if (path === "" || path.includes("\0"))
    return { ...outside, reason: "it is not a file path", label: "not a file path" };
  const isStd = path.startsWith("std/");
  if (!isStd && (isAbsolute(path) || /^[A-Za-z]:/.test(path) || path.startsWith("\\")))
    return {
      ...outside,
      reason: "it is an absolute path",
      label: "an absolute path; imports are relative to the importing file",
    };
  const zone: SourceZone = isStd
    ? { dir: STD_DIR, root: STD_DIR, kind: "std" }
    : { dir: importer.dir, root: importer.root, kind: importer.kind };
  const written = resolve(zone.dir, isStd ? path.slice("std/".length) : path);
  // The standard library is imported by name too: `std/book` is `std/book.feat`.
  const byName = isStd && extname(written) === "" && !path.endsWith("/");
  const target = byName ? `${written}.feat` : written;
  const display = isStd ? normalize(byName ? `${path}.feat` : path) : normalize(join(dirname(importerDisplay), path));
  // Judged on the text first, with the extension added (`std/x/..` would be `specs/std.feat`):
  // a path that leaves the root is never looked up.
  if (!isInside(zone.root, target))
    return {
      ...outside,
      reason: isStd ? "it leaves the standard library" : "it is outside the spec's project",
      label: isStd ? "leaves the standard library" : `leaves \`${shown(zone.root)}\``,
    };
  if (!target.endsWith(".feat"))
    return {
      code: "E0041",
      reason: "it is not a `.feat` file",
      label: "only `.feat` files are imported",
      note: projectNote,
    };
  let realPath: string;
  try {
    realPath = realpathSync(target);
  } catch (error) {
    return { code: "E0024", reason: errnoReason(error), lookedFor: display };
  }
  if (!isInside(realPathOf(zone.root), realPath))
    return {
      ...outside,
      reason: `it leads, through a symbolic link, outside the ${isStd ? "standard library" : "spec's project"}`,
      label: `a symbolic link out of \`${shown(zone.root)}\``,
    };
  if (!realPath.endsWith(".feat"))
    return { code: "E0041", reason: "it is a symbolic link to a file that is not a `.feat` file", lookedFor: display };
  const read = readSourceFile(realPath, maxBytes, false);
  if (!("text" in read)) return { ...read, lookedFor: display };
  return { realPath, display, zone: { ...zone, dir: dirname(realPath) }, text: read.text };
}
