// Exercise 03's grader, proven by mutants (test/mutants/03/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("03", { central: ["exponential-model", "prophet"] });
