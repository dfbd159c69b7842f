// Mutant of exercise 10 (missing piece: state transfer). A new backup declares itself ready without
// taking the primary's state: it only has the writes forwarded since it joined, and when it is
// promoted, the writes before that are gone.
import type { DoneTable, KvState } from "../../../lib";
import { Client, Server as Correct } from "../../../solutions/10-primary-backup";

export { Client };

export class Server extends Correct {
  protected install(kv: KvState, done: DoneTable): void {}
}
