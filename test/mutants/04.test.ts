// Exercise 04's grader, proven by mutants (test/mutants/04/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("04", { central: ["never-expires", "prophet"] });
