// Editors name documents by URI, the compiler names files by path: the two conversions.
import { basename, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The path the compiler is given for a document: its file path, or a name in the working folder for an unsaved one. */
export function pathOfUri(uri: string): string {
  if (uri.startsWith("file:")) return fileURLToPath(uri);
  // `untitled:Untitled-1`: no folder of its own, so relative imports resolve from the working folder.
  const name = basename(decodeURIComponent(uri.replace(/^[a-z]+:/i, ""))) || "untitled";
  return join(process.cwd(), name.endsWith(".feat") ? name : `${name}.feat`);
}

export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}
