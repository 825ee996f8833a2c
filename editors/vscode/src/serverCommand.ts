// Which featc the extension starts as `featc lsp`. No `vscode` import here, so the choice can be
// tested outside the editor (test/editors/vscodeExtension.test.ts).
import { isAbsolute, join, resolve } from "node:path";

export interface ServerCommand {
  /** `module`: a JavaScript file the editor runs with its own Node; `executable`: a command. */
  kind: "module" | "executable";
  path: string;
  /** Where it came from, for the output channel. */
  source: "featc.path" | "workspace node_modules" | "featc clone" | "PATH";
}

export interface ServerCommandInput {
  /** The `featc.path` setting, `""` when unset. */
  configured: string;
  /** The workspace folders' paths, in order. */
  folders: readonly string[];
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
  /** The text of a file, or undefined when it cannot be read. */
  read: (path: string) => string | undefined;
}

const scriptExtension = /\.(c|m)?js$/;

export function resolveServerCommand(input: ServerCommandInput): ServerCommand {
  const first = input.folders[0];
  const configured = input.configured.trim();
  if (configured !== "") {
    let path = configured.replaceAll("${workspaceFolder}", first ?? ".");
    // A bare name (`featc`) is looked up on PATH; anything with a separator is a path.
    const isPath = /[\\/]/.test(path) || scriptExtension.test(path);
    if (isPath && !isAbsolute(path) && first !== undefined) path = resolve(first, path);
    return { kind: scriptExtension.test(path) ? "module" : "executable", path, source: "featc.path" };
  }
  const bin = input.platform === "win32" ? "featc.cmd" : "featc";
  for (const folder of input.folders) {
    const installed = join(folder, "node_modules", ".bin", bin);
    if (input.exists(installed)) return { kind: "executable", path: installed, source: "workspace node_modules" };
  }
  // A clone of featc itself: its package.json is named featc and bin/featc.js runs dist/.
  for (const folder of input.folders) {
    const launcher = join(folder, "bin", "featc.js");
    if (isFeatcPackage(input.read(join(folder, "package.json"))) && input.exists(launcher)) {
      return { kind: "module", path: launcher, source: "featc clone" };
    }
  }
  return { kind: "executable", path: bin, source: "PATH" };
}

function isFeatcPackage(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    return (JSON.parse(text) as { name?: unknown }).name === "featc";
  } catch {
    return false;
  }
}
