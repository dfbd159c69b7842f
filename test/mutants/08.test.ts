// Exercise 08's grader, proven by mutants (test/mutants/08/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("08", { central: ["ignores-version", "rejects-newer", "newer-as-v2"] });
