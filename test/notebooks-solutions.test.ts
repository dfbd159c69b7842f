// test/notebooks-solutions.test.ts: every notebook runs clean for a student who finished, that is
// with solutions/*.ts copied over exercises/ (copyKit("solutions"), a temp copy of the kit); and
// copyKit itself. Failures are the rulebook's (tools/lib/verdict.ts).
// By hand: npm run notebooks -- --solutions notebooks/NN-topic.ipynb
// Left out of the student edition, which has no solutions/ (tools/release.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { copyKit } from "../tools/notebook-runner";
import { describeNotebookRuns } from "./notebook-suite";

describeNotebookRuns(() => copyKit("solutions"), "the solutions in place");

describe("copyKit", () => {
  it("copies the kit, puts solutions/*.ts over exercises/ on request, and links node_modules", () => {
    const fake = mkdtempSync(path.join(os.tmpdir(), "ds-fake-repo-"));
    try {
      for (const [f, text] of Object.entries({
        "exercises/01-x.ts": "stub", "exercises/02-y.ts": "stub only", "solutions/01-x.ts": "solved",
        "lib/index.ts": "lib", "package.json": "{}", "vitest.config.ts": "cfg", "notes.txt": "not copied",
      })) {
        mkdirSync(path.dirname(path.join(fake, f)), { recursive: true });
        writeFileSync(path.join(fake, f), text);
      }
      mkdirSync(path.join(fake, "node_modules"));
      const solved = copyKit("solutions", fake);
      const asIs = copyKit("as-is", fake);
      expect(readFileSync(path.join(solved.dir, "exercises/01-x.ts"), "utf8")).toBe("solved");
      expect(readFileSync(path.join(solved.dir, "exercises/02-y.ts"), "utf8")).toBe("stub only");
      expect(readFileSync(path.join(asIs.dir, "exercises/01-x.ts"), "utf8")).toBe("stub");
      expect(existsSync(path.join(asIs.dir, "solutions"))).toBe(false);
      expect(readFileSync(path.join(solved.dir, "vitest.config.ts"), "utf8")).toBe("cfg");
      expect(existsSync(path.join(solved.dir, "lib/index.ts"))).toBe(true);
      expect(existsSync(path.join(solved.dir, "node_modules"))).toBe(true);
      expect(existsSync(path.join(solved.dir, "notes.txt"))).toBe(false);
      expect(readFileSync(path.join(fake, "exercises/01-x.ts"), "utf8")).toBe("stub");
      solved.cleanup();
      asIs.cleanup();
      expect(existsSync(solved.dir)).toBe(false);
    } finally {
      rmSync(fake, { recursive: true, force: true });
    }
  });
});
