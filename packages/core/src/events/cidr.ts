import { isIPv6 } from "node:net";

/**
 * The addresses a `cidr` operand covers, as EventBridge compiles it: from the address as written up to the last
 * address of its block. The written address is not masked down, so `10.0.0.5/24` covers 10.0.0.5 to 10.0.0.255
 * (Event Ruler, the engine EventBridge documents as its matcher: github.com/aws/event-ruler, `CIDR.cidr`).
 */
export interface AddressRange {
  readonly first: Uint8Array;
  readonly last: Uint8Array;
}

/** The dotted form EventBridge reads as IPv4, and the hex-and-colons form it reads as IPv6 (Event Ruler). */
const IPV4_FORM = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_FORM = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const MASK_FORM = /^[+-]?[0-9]+$/;

/**
 * The range a `cidr` operand covers, or EventBridge's reason for refusing it at PutRule.
 *
 * @example
 * cidrRange("10.0.0.0/24"); // { range: { first: [10,0,0,0], last: [10,0,0,255] } }
 */
export function cidrRange(operand: string): { range: AddressRange } | { reason: string } {
  // Java's String.split, which EventBridge uses here, drops trailing empty fields: "10.0.0.0/24/" has one '/'.
  const parts = operand.split("/");
  while (parts.length > 0 && parts.at(-1) === "") parts.pop();
  const [address = "", mask = ""] = parts;
  if (parts.length !== 2) return { reason: "Malformed CIDR, one '/' required" };
  const bits = MASK_FORM.test(mask) ? Number(mask) : Number.NaN;
  // Java's Integer.parseInt, which EventBridge uses here, reads 32-bit integers with an optional sign.
  if (!Number.isSafeInteger(bits) || bits < -(2 ** 31) || bits > 2 ** 31 - 1) {
    return { reason: "Malformed CIDR, mask bits must be an integer" };
  }
  if (bits < 0) return { reason: "Malformed CIDR, mask bits must not be negative" };
  if (!IPV4_FORM.test(address) && !IPV6_FORM.test(address)) {
    return { reason: `Nonstandard IP address: ${address}` };
  }
  const first = addressBytes(address);
  if (!first) return { reason: `Invalid IP address: ${address}` };
  if (first.length === 4 && bits > 31) return { reason: "IPv4 mask bits must be < 32" };
  if (first.length === 16 && bits > 127) return { reason: "IPv6 mask bits must be < 128" };
  const last = Uint8Array.from(first, (byte, index) => {
    const hostBits = Math.min(8, Math.max(0, first.length * 8 - bits - (first.length - 1 - index) * 8));
    return byte | ((1 << hostBits) - 1);
  });
  return { range: { first, last } };
}

/**
 * Whether a string is an IP address inside the range: what `cidr` matches in an event. Any other value (a
 * number, a host name, an address of the other family) is not in it.
 *
 * @example
 * addressInRange("10.0.0.33", range); // true for 10.0.0.0/24
 */
export function addressInRange(value: string, range: AddressRange): boolean {
  if (!IPV4_FORM.test(value) && !IPV6_FORM.test(value)) return false;
  const address = addressBytes(value);
  if (!address || address.length !== range.first.length) return false;
  return compare(address, range.first) >= 0 && compare(address, range.last) <= 0;
}

function compare(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** An address literal's bytes (4 or 16), or null when the literal is not an address. */
function addressBytes(literal: string): Uint8Array | null {
  if (IPV4_FORM.test(literal)) {
    const octets = literal.split(".").map(Number);
    return octets.every((octet) => octet <= 255) ? Uint8Array.from(octets) : null;
  }
  if (!isIPv6(literal)) return null;
  const [head = "", tail] = literal.split("::");
  const groupsOf = (text: string) => (text === "" ? [] : text.split(":"));
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"),
    ...tailGroups,
  ];
  return Uint8Array.from(
    groups.flatMap((group) => [Number.parseInt(group, 16) >> 8, Number.parseInt(group, 16) & 0xff]),
  );
}
