// tools/lib/exercise-source.ts: one exercise source, two views (as nbgrader and otter do).
//
// An exercise is written once, in solutions/NN-topic.ts: the task's docstring, the interface and
// the reference answer. Each piece of answer code sits between two marker lines, and what the
// student's stub shows in its place follows in a STUB block comment:
//
//   spread(rumour: string): void {
//     // BEGIN SOLUTION
//     this.learn(rumour, undefined);
//     // END SOLUTION
//     /* STUB
//     notImplemented("00", "FloodNode.spread(rumour)");
//     */
//   }
//
//   solutionView(text)   the source minus the marker lines and the STUB blocks: the reference
//                        answer, line for line as written (the source compiles as it is, the STUB
//                        blocks being comments, so solutions/ is graded and imported directly)
//   exerciseView(text)   the source minus the marker lines and the answers, with each STUB block's
//                        lines (written as they will stand, indentation included) in their place:
//                        exercises/NN-topic.ts, what `npm run exercises` writes. Where an answer
//                        was dropped without a stub, a blank line it leaves next to another blank
//                        line, an opening `{` or a closing `}` is dropped too.
//   firstDifference(expected, actual)   the first line where two texts differ, for messages
//
// The rules, each broken one an ExerciseSourceError naming the file and line (and how to fix it):
//   - `// BEGIN SOLUTION`, `// END SOLUTION`, `/* STUB` and the STUB block's closing `*/` stand
//     alone on their lines (indentation aside); a BEGIN is closed by an END before the next BEGIN
//     or STUB, and an END or a STUB's `*/` closes only what is open;
//   - a STUB block holds no marker and no `*/` before its closing line (it would end the comment);
//   - the words BEGIN SOLUTION, END SOLUTION and `/* STUB` appear nowhere else: not after code on
//     a line, not inside a string or template literal (a view would cut the literal in two).
// So an exercise view holds no line that the release tool's SOLUTION_MARKER (tools/release.ts)
// would refuse to ship (test/exercises-source.test.ts checks every source against it).

import ts from "typescript";

const BEGIN = "// BEGIN SOLUTION";
const END = "// END SOLUTION";
const STUB_OPEN = "/* STUB";
const STUB_CLOSE = "*/";
/** Anything that looks like a marker; on a line that is not one, an error. */
const MARKER_WORDS = /\b(BEGIN|END) SOLUTION\b|\/\*\s*STUB\b/;

export class ExerciseSourceError extends Error {
  constructor(readonly file: string, readonly line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.name = "ExerciseSourceError";
  }
}

type Part = "both" | "solution" | "stub" | "marker";

/** Each line of `text` with the view it belongs to; throws an ExerciseSourceError on a broken rule. */
export function parseExerciseSource(text: string, file = "<exercise source>"): Array<{ text: string; part: Part }> {
  const lines = text.split("\n");
  const fail = (index: number, problem: string): never => {
    throw new ExerciseSourceError(file, index + 1, problem);
  };
  const literals = literalLines(text, file);
  let part: Exclude<Part, "marker"> = "both";
  let openedAt = -1;
  const parsed: Array<{ text: string; part: Part }> = [];
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    const marker = part === "stub" ? (trimmed === STUB_CLOSE ? STUB_CLOSE : undefined) : [BEGIN, END, STUB_OPEN].find((m) => trimmed === m);
    if (MARKER_WORDS.test(line) || marker !== undefined) {
      if (literals.has(i)) fail(i, "a marker inside a string or template literal; markers are comment lines of their own, outside any literal");
      if (part === "stub" && marker === undefined) {
        fail(i, `"${trimmed}" inside the STUB block opened at line ${openedAt + 1}; a STUB block holds stub code only (close it with a line "${STUB_CLOSE}" first)`);
      } else if (marker === undefined) {
        fail(i, `"${trimmed}" is not a marker line; write "${BEGIN}", "${END}" or "${STUB_OPEN}" alone on its line`);
      }
    } else if (part === "stub" && line.includes(STUB_CLOSE)) {
      fail(i, `"${STUB_CLOSE}" inside the STUB block opened at line ${openedAt + 1} would end the comment early; close the block with a line "${STUB_CLOSE}" of its own`);
    }
    if (marker === undefined) {
      parsed.push({ text: line, part });
      continue;
    }
    if (marker === BEGIN) {
      if (part === "solution") fail(i, `BEGIN SOLUTION inside the solution opened at line ${openedAt + 1} (markers do not nest); close that one with "${END}" first`);
      part = "solution";
    } else if (marker === END) {
      if (part !== "solution") fail(i, "END SOLUTION without a BEGIN SOLUTION before it");
      part = "both";
    } else if (marker === STUB_OPEN) {
      if (part === "solution") fail(i, `a STUB block inside the solution opened at line ${openedAt + 1}; put it after "${END}"`);
      part = "stub";
    } else part = "both";
    openedAt = i;
    parsed.push({ text: line, part: "marker" });
  }
  if (part === "solution") fail(openedAt, `BEGIN SOLUTION is never closed; add "${END}" after the answer`);
  if (part === "stub") fail(openedAt, `the STUB block is never closed; add a line "${STUB_CLOSE}" after the stub code`);
  return parsed;
}

/** The reference answer: the source without marker lines and STUB blocks. */
export function solutionView(text: string, file?: string): string {
  return parseExerciseSource(text, file).filter((l) => l.part === "both" || l.part === "solution").map((l) => l.text).join("\n");
}

/** The student's stub: the source without marker lines and answers, the STUB blocks' lines in their place. */
export function exerciseView(text: string, file?: string): string {
  const out: string[] = [];
  let dropped = false; // an answer was just left out, and nothing was written since
  const blank = (s: string | undefined) => s !== undefined && s.trim() === "";
  for (const { text: line, part } of parseExerciseSource(text, file)) {
    if (part === "solution") dropped = true;
    if (part !== "both" && part !== "stub") continue;
    if (dropped) {
      const last = out[out.length - 1];
      if (blank(line) && (last === undefined || blank(last) || last.trimEnd().endsWith("{"))) continue;
      if (line.trim().startsWith("}") && blank(last)) out.pop();
    }
    dropped = false;
    out.push(line);
  }
  return out.join("\n");
}

/** The first line (1-based) where `actual` differs from `expected`, with both lines; undefined when equal. */
export function firstDifference(expected: string, actual: string): { line: number; expected?: string; actual?: string } | undefined {
  if (expected === actual) return undefined;
  const e = expected.split("\n");
  const a = actual.split("\n");
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  return { line: i + 1, expected: e[i], actual: a[i] };
}

/** Indexes of the lines that lie inside a string, template or regular-expression literal. */
function literalLines(text: string, file: string): Set<number> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      for (let l = first; l <= last; l++) lines.add(l);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}
