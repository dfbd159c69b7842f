// test/notebooks-solutions.test.ts: every notebook runs clean for a student who finished, that is
// with solutions/*.ts copied over exercises/ (in a temp copy of the kit). Failures are the
// rulebook's (tools/lib/verdict.ts). By hand: npm run notebooks -- --solutions notebooks/NN-topic.ipynb
// Left out of the student edition, which has no solutions/ (tools/release.ts).
import { describeNotebookRuns } from "./notebook-suite";

describeNotebookRuns("solutions", "the solutions in place");
