// E0040: `featc explain-error E0040`.
import type { Explanation } from "./explanation.js";

export const explanation: Explanation = {
  code: "E0040",
  text: `An import may name only a \`.feat\` file inside the spec's project or the standard library.
The project is the nearest folder at or above the compiled spec's own that has a
\`package.json\` or a \`.git\` (the spec's folder when there is none); \`import "std/book.feat"\`
names a file of the installed standard library. An absolute path, a path that climbs out of
the project with \`..\`, and a symbolic link that leads outside it are refused without the file
being opened, so a spec from elsewhere cannot read files beside it (docs/security.md).`,
  broken: `import "../../../../../../../../../../../../etc/passwd.feat"

dataset d {
  trigger trade
  mid = book.mid
}
`,
  fixed: `import "std/book.feat"

dataset d {
  trigger trade
  mid = book.mid
}
`,
};
