// Exercise 07's grader, proven by mutants (test/mutants/07/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("07", { central: ["two-in-flight", "sorted-batch", "newest-first", "timer-flush"] });
