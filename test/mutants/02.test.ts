// Exercise 02's grader, proven by mutants (test/mutants/02/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("02", { central: ["no-dedup", "volatile-dedup", "new-id-per-retry", "prophet"] });
