/**
 * lib/snapshot: the state of the whole system (chapter 06).
 *
 * bank.ts       BankNode: accounts that keep moving money to each other; moneyOverTime
 * cut.ts        cuts (one point per node), consistency and the messages a cut leaves in flight
 * audit.ts      the bank's true books at a cut: balances, channels, total
 * draw-cut.ts   drawCut: a cut as a line across a space-time diagram
 * naive.ts      two wrong ways to read the total: by the clock, and "report your balance"
 * scenarios.ts  the bank scenarios exercise 06 is graded on (bankScenario, runBankScenario)
 *
 * The Chandy–Lamport snapshot itself is exercise 06 (exercises/06-chandy-lamport.ts).
 */
export { BankNode, isTransfer, moneyOverTime, initialBalanceOf } from "./bank";
export type { TransferMessage, BankOptions, InitialBalances, MoneyOverTime } from "./bank";
export { cutAtTimes, cutAtFirstSend, cutAtMarks, checkCut, channelContents } from "./cut";
export type { CutPoint, GlobalCut, CutCheck, CheckCutOptions } from "./cut";
export { auditCut, balancesAtCut } from "./audit";
export type { CutAudit } from "./audit";
export { drawCut } from "./draw-cut";
export type { DrawCutOptions } from "./draw-cut";
export { ClockReadingBankNode, ReportingBankNode } from "./naive";
export type { ClockReadingOptions, BalanceQuestion, BalanceAnswer } from "./naive";
export { bankScenario, describeScenario, runBankScenario, LIVENESS_WINDOW_MS } from "./scenarios";
export type { BankScenario, BankRun, LatencySpec, Recorded, SnapshotData, LivenessData } from "./scenarios";
