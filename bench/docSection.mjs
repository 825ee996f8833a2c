// docs/benchmarks.md is written by sections, each starting with its `## ` heading: a section
// measured alone (`npm run bench -- --only NAME`) replaces its own and leaves the others.

/** `doc` with the section that has `section`'s heading (its first line) replaced, or `section` appended. */
export function withDocSection(doc, section) {
  const heading = section.slice(0, section.indexOf("\n") + 1);
  if (!heading.startsWith("## "))
    throw new Error(`a section starts with its "## " heading, not ${JSON.stringify(heading)}`);
  const start = doc.indexOf(heading);
  if (start < 0) return `${doc.trimEnd()}\n\n${section}`;
  const next = doc.indexOf("\n## ", start + 1);
  return doc.slice(0, start) + section + (next < 0 ? "" : doc.slice(next));
}
