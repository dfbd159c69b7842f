/**
 * Exercise 02: exactly-once requests over a network that loses, copies and reorders messages,
 * to a server that crashes.
 *
 * THE TASK
 * Three clients each perform a list of `{ add: n }` operations on one counter server. Every
 * operation must take effect on the counter EXACTLY ONCE, and its client must learn the value the
 * counter had right after it, even though:
 *   - messages are lost (up to 30%), duplicated and delayed past your timeout (so stale replies
 *     and late copies of old requests arrive);
 *   - the server crashes and restarts: a restart builds a fresh ExactlyOnceServer object and only
 *     `this.durable` survives (the counter itself is on disk already, see below);
 *   - the server may be down for several seconds, or never come back.
 *
 * THE INTERFACE (the grader builds your nodes exactly like this)
 *   new ExactlyOnceClient(options: ExactlyOnceClientOptions)
 *     options.server       the server's node id ("server")
 *     options.ops          the operations to perform, e.g. [{ add: 3 }, { add: 7 }]
 *     options.timeout      ms to wait for a reply before sending the request again (150)
 *     options.giveUpAfter  ms after the client started: keep retrying until then, and stop sending by then
 *                          (the grader allows one timeout of slack either side)
 *     results              results[i] = { requestId, value } once the reply for ops[i] has come:
 *                          the request id you used for ops[i] and the value the server replied.
 *                          Leave it undefined while unknown (a request you gave up on stays undefined).
 *   new ExactlyOnceServer()   (built again from scratch at every restart)
 *     applies each operation with `this.counter.apply(requestId, op)` on the library's
 *     DurableCounter, which adds op.add to a counter on disk, returns the new value and records
 *     the effect (that record is what the grader counts). Calling apply twice for one request
 *     applies it twice: deciding when NOT to call it is your job.
 * Messages: use the library's RpcMessage ({ type: "request", id, op } and { type: "reply", id, value })
 * or your own plain-data messages. Ops may be sent one after another or all at once: your choice.
 *
 * WHAT IS GRADED (npm run grade -- --only 02, or `await check("02")` in notebook 02), 13 points, each
 * across many seeds (scenarios in lib/rpc/scenarios.ts). Exactly-once effects carry most of them,
 * above all across server crashes (7): a server whose dedup table does not survive a crash loses
 * at least half. Effects are counted by the counter itself, where no node can rewrite them.
 *   1 pt  no faults: every op takes effect once, every client learns the right value
 *   1 pt  message loss (10–30%)
 *   2 pts duplication and reordering (stale replies, late request copies)
 *   5 pts server crash-restarts mixed with loss, duplication, reordering (what must survive a crash?)
 *   2 pts a 5–8 s server outage with 20% loss: the client keeps retrying and finishes after the
 *         restart, exactly once
 *   1 pt  no faults: at most one request per op on the wire, nothing sent once all results are in
 *   1 pt  server gone for good: a client that still has ops to do keeps trying until giveUpAfter,
 *         then stops sending (a client that finished before the crash is not judged)
 * Every check first asks that your server survive a crash at ANY moment, not only at the crashes
 * the scenario plans: where the server crashes (crash, outage), the run is replayed once per
 * application with a crash right after the event that applied, a restart, and the same message
 * again; nothing may be applied twice, and the run must still end exactly once. A server that
 * saves its state only when it expects a crash (from the run's seed, say) fails every one of those.
 * A failure names the seed and the line to replay it in notebook 02: replay("02", "crash", 17).
 *
 * You may use anything in lib/ (RpcCaller, requestId, DurableCounter, ...). Note that RpcCaller
 * gives up after a fixed number of attempts, and CounterServer's "volatile" dedup forgets at a crash.
 */
import { Node, notImplemented } from "../lib";
import { DurableCounter, type ExactlyOnceClientOptions, type ExactlyOnceResult, type RpcMessage } from "../lib/rpc";

export class ExactlyOnceClient extends Node<RpcMessage> {
  readonly results: Array<ExactlyOnceResult | undefined> = [];

  constructor(readonly options: ExactlyOnceClientOptions) {
    super();
    notImplemented("02", "ExactlyOnceClient (retry with the same request id until a reply or giveUpAfter)");
  }

  onStart(): void {
  }

  onMessage(from: string, msg: RpcMessage): void {
  }
}

export class ExactlyOnceServer extends Node<RpcMessage> {
  readonly counter = new DurableCounter(this);

  constructor() {
    super();
    notImplemented("02", "ExactlyOnceServer (apply each request once, even across crashes)");
  }

  onMessage(from: string, msg: RpcMessage): void {
  }
}
