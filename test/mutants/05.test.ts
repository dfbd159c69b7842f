// Exercise 05's grader, proven by mutants (test/mutants/05/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("05", { central: ["fifo-only", "no-holdback"] });
