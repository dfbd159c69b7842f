/**
 * Messages are values: what a node sends is copied, as a real network copies bytes.
 *
 *   copyValue(msg, "msg")   a deep copy with structuredClone's semantics for what may travel:
 *                           primitives (BigInt too), plain objects, arrays, Map, Set, Date,
 *                           typed arrays, ArrayBuffer, DataView, RegExp and Error survive.
 *   A function, a symbol, a class instance (an object whose prototype is not Object's, with methods
 *   the receiver would silently lose), a WeakMap, a Promise or a cycle is refused with a
 *   `ValueProblem` naming the path to it ("msg.reply", "msg.items[2]"); the simulation turns it
 *   into a MessageError naming the node and the virtual time.
 *
 * Plain objects, arrays and primitives (almost every message) take a fast path with no
 * bookkeeping (a part shared twice in a message arrives as two equal copies); anything else, or
 * anything nested deeper than 32 levels, is copied again by the careful path, which keeps shared
 * parts shared and finds cycles.
 *
 *   deepFreeze(value)       freezes plain objects and arrays all the way down (the trace's copies)
 *   stableJson(value)       JSON text for hashing: equal values, equal text, for everything
 *                           copyValue lets through (NaN, BigInt, Map, Set, Date, typed arrays tagged)
 */

/** Why a value cannot travel, and where in it. */
export class ValueProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path} is ${problem}`);
    this.name = "ValueProblem";
  }
}

const FAST_DEPTH = 32;
const ObjectProto = Object.prototype;
const ArrayProto = Array.prototype;

/** A deep copy of `value` (see the header); throws ValueProblem for what cannot travel. */
export function copyValue<T>(value: T, root: string): T {
  if (typeof value !== "object" || value === null) return primitive(value, root) as T;
  const fast = copyFast(value, 0);
  return (fast === SLOW ? copyCareful(value, root, new Map(), new Set()) : fast) as T;
}

const SLOW = Symbol("slow");

/** Plain objects, arrays and primitives only, no sharing or cycles; SLOW for anything else. */
function copyFast(value: object, depth: number): unknown {
  if (depth > FAST_DEPTH) return SLOW;
  const proto = Object.getPrototypeOf(value);
  if (proto === ArrayProto) {
    const source = value as unknown[];
    const n = source.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const item = source[i];
      if (typeof item === "object" && item !== null) {
        const copy = copyFast(item, depth + 1);
        if (copy === SLOW) return SLOW;
        out[i] = copy;
      } else if (typeof item === "function" || typeof item === "symbol") return SLOW;
      else out[i] = item;
    }
    return out;
  }
  if (proto !== ObjectProto && proto !== null) return SLOW;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) return SLOW;
    const item = source[key];
    if (typeof item === "object" && item !== null) {
      const copy = copyFast(item, depth + 1);
      if (copy === SLOW) return SLOW;
      out[key] = copy;
    } else if (typeof item === "function" || typeof item === "symbol") return SLOW;
    else out[key] = item;
  }
  return out;
}

function primitive(value: unknown, path: string): unknown {
  if (typeof value === "function") throw new ValueProblem(path, `a function${value.name ? ` (${value.name})` : ""}`);
  if (typeof value === "symbol") throw new ValueProblem(path, "a symbol");
  return value;
}

/** Leaves structuredClone copies exactly (they hold no objects of their own). */
function isCloneLeaf(value: object): boolean {
  return (
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer ||
    value instanceof RegExp ||
    value instanceof Error ||
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean
  );
}

function copyCareful(value: unknown, path: string, copies: Map<object, unknown>, open: Set<object>): unknown {
  if (typeof value !== "object" || value === null) return primitive(value, path);
  if (open.has(value)) throw new ValueProblem(path, "a cycle (it contains itself)");
  const done = copies.get(value);
  if (done !== undefined) return done;
  open.add(value);
  let out: unknown;
  const proto = Object.getPrototypeOf(value);
  if (proto === ArrayProto) {
    const source = value as unknown[];
    const copy = new Array(source.length);
    copies.set(value, copy);
    for (let i = 0; i < source.length; i++) copy[i] = copyCareful(source[i], `${path}[${i}]`, copies, open);
    out = copy;
  } else if (proto === ObjectProto || proto === null) {
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    copies.set(value, copy);
    for (const key of Object.keys(source)) copy[key] = copyCareful(source[key], `${path}${propertyPath(key)}`, copies, open);
    out = copy;
  } else if (value instanceof Map) {
    const copy = new Map();
    copies.set(value, copy);
    let i = 0;
    for (const [k, v] of value) {
      copy.set(copyCareful(k, `${path}.keys()[${i}]`, copies, open), copyCareful(v, `${path}.get(${shortKey(k)})`, copies, open));
      i++;
    }
    out = copy;
  } else if (value instanceof Set) {
    const copy = new Set();
    copies.set(value, copy);
    let i = 0;
    for (const v of value) copy.add(copyCareful(v, `${path}.values()[${i++}]`, copies, open));
    out = copy;
  } else if (value instanceof Date) {
    out = new Date(value.getTime());
    copies.set(value, out);
  } else if (isCloneLeaf(value)) {
    out = structuredClone(value);
    copies.set(value, out);
  } else {
    const name = (proto && proto.constructor && proto.constructor.name) || "an unknown kind of object";
    throw new ValueProblem(path, `an instance of ${name} (a class instance with methods, which the receiver would get without them)`);
  }
  open.delete(value);
  return out;
}

function propertyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function shortKey(key: unknown): string {
  if (typeof key === "string") return JSON.stringify(key.length > 20 ? key.slice(0, 19) + "…" : key);
  if (typeof key === "number" || typeof key === "boolean" || key === null || key === undefined) return String(key);
  if (typeof key === "bigint") return `${key}n`;
  return "…";
}

/** Freezes plain objects and arrays all the way down; other objects are left as they are. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== ArrayProto && proto !== ObjectProto && proto !== null) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}

/** JSON text of `value` that also tells NaN, BigInt, Map, Set, Date and typed arrays apart. */
export function stableJson(value: unknown): string {
  return (needsTags(value) ? JSON.stringify(value, tagged) : JSON.stringify(value)) ?? "undefined";
}

/** Does plain JSON lose something in `value` (NaN, BigInt, Map, …)? Plain data skips the replacer. */
function needsTags(value: unknown): boolean {
  switch (typeof value) {
    case "number":
      return !Number.isFinite(value);
    case "bigint":
      return true;
    case "object": {
      if (value === null) return false;
      const proto = Object.getPrototypeOf(value);
      if (proto === ArrayProto) return (value as unknown[]).some(needsTags);
      if (proto !== ObjectProto && proto !== null) return true;
      for (const key in value) if (needsTags((value as Record<string, unknown>)[key])) return true;
      return false;
    }
    default:
      return false;
  }
}

function tagged(this: unknown, key: string, value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? value : { $number: String(value) };
    case "bigint":
      return { $bigint: String(value) };
    case "string": {
      // A Date arrives here already turned into a string by its toJSON.
      const original = (this as Record<string, unknown>)[key];
      return original instanceof Date ? { $date: original.getTime() } : value;
    }
    case "object": {
      if (value === null || Array.isArray(value) || Object.getPrototypeOf(value) === ObjectProto) return value;
      if (value instanceof Map) return { $map: Array.from(value) };
      if (value instanceof Set) return { $set: Array.from(value) };
      if (ArrayBuffer.isView(value)) return { [`$${value.constructor.name}`]: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
      if (value instanceof ArrayBuffer) return { $ArrayBuffer: Array.from(new Uint8Array(value)) };
      return value;
    }
    default:
      return value;
  }
}
