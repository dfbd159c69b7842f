// Mutant of exercise 10 (missing piece: the lease). The primary answers reads, and writes when it
// has no backup, without holding the manager's lease: an old primary cut off from the manager
// goes on serving while the manager has made another server primary.
import { Client, Server as Correct } from "../../../solutions/10-primary-backup";

export { Client };

export class Server extends Correct {
  protected hasLease(): boolean {
    return true;
  }
}
