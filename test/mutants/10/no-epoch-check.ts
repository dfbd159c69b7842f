// Mutant of exercise 10 (missing piece: the epoch check). A server applies every forwarded write it
// receives, whatever its epoch and whoever sent it: an isolated or paused old primary still gets
// its writes committed by the server that has replaced it, so two primaries accept writes at once.
import { Client, Server as Correct } from "../../../solutions/10-primary-backup";

export { Client };

export class Server extends Correct {
  protected acceptsForward(): boolean {
    return true;
  }
}
