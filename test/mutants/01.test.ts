// Exercise 01's grader, proven by mutants (test/mutants/01/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("01", { central: ["no-failover"] });
