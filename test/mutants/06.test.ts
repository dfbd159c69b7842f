// Exercise 06's grader, proven by mutants (test/mutants/06/); see test/mutants/prove-grader.ts.
import { proveGrader } from "./prove-grader";

proveGrader("06", { central: ["markers-next-tick", "channels-never-close", "balance-after-transfer"] });
