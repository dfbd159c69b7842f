// Mutant of exercise 10 (missing piece: request ids). Servers apply every write they receive,
// without remembering which requests they have applied: a client's retry of a write whose reply was
// lost, or a duplicated message, applies it twice.
import { applyOp, type Op } from "../../../lib";
import { Client, Server as Correct } from "../../../solutions/10-primary-backup";

export { Client };

export class Server extends Correct {
  protected execute(client: string, rid: number, op: Op): string {
    return applyOp(this.kv, op);
  }
}
