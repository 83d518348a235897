/**
 * Typed values of condition operators, parsed the same way on the policy side (at compile time)
 * and the request side (at evaluation time).
 */
import type * as IpAddr from 'ipaddr.js';
import { ipaddrLibrary } from '../util/lazy-package';
import { memo } from '../util/memo';
import type { IpRange } from './model';

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Integers and decimals, as the Numeric operators take them. */
export function parseNumber(text: string): number | undefined {
  return DECIMAL.test(text.trim()) ? Number(text) : undefined;
}

/**
 * W3C's ISO 8601 profile (YYYY, YYYY-MM, YYYY-MM-DD, and date-times with minutes, seconds or
 * fractions and a zone), or epoch seconds. A partial date stands for the start of its period; AWS
 * does not document this, so `validate` flags partial dates. Returns milliseconds since the epoch.
 */
const W3C_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

export function parseIamDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed) && trimmed.length !== 4) return Number(trimmed) * 1000;
  const m = W3C_DATE.exec(trimmed);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h, mi, s = '00', frac = '0', zone] = m;
  if (h !== undefined && zone === undefined) return undefined;
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, hour, minute, second, Math.round(Number(`0.${frac}`) * 1000));
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return undefined; // 2024-02-30 and the like
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return ms;
}

export function parseBool(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** A CIDR, or a bare address (which stands for itself: /32 or /128). */
export function parseIpRange(text: string): IpRange | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const ipaddr = ipaddrLibrary();
  try {
    const v4 = !trimmed.includes(':');
    if (trimmed.includes('/')) {
      if (!ipaddr.isValidCIDR(trimmed)) return undefined;
      if (v4 && !ipaddr.IPv4.isValidCIDRFourPartDecimal(trimmed)) return undefined;
      return ipaddr.parseCIDR(trimmed);
    }
    if (!ipaddr.isValid(trimmed)) return undefined;
    if (v4 && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return undefined;
    const address = ipaddr.parse(trimmed);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

export type IpAddressValue = ReturnType<typeof IpAddr.parse>;

/** A request's address (no prefix); IPv4-mapped IPv6 addresses compare as IPv4. Remembered: tests repeat addresses. */
export const parseIpAddress: (text: string) => IpAddressValue | undefined = memo(4096, (text) => parseIpAddressUncached(text));

function parseIpAddressUncached(text: string): IpAddressValue | undefined {
  const trimmed = text.trim();
  const ipaddr = ipaddrLibrary();
  if (!ipaddr.isValid(trimmed)) return undefined;
  // ipaddr.js accepts some legacy IPv4 forms ("10", "0x7f.1"); AWS sees dotted quads only.
  if (!trimmed.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return undefined;
  const address = ipaddr.parse(trimmed);
  if (address.kind() === 'ipv6' && (address as IpAddr.IPv6).isIPv4MappedAddress()) {
    return (address as IpAddr.IPv6).toIPv4Address();
  }
  return address;
}

export function ipInRange(address: IpAddressValue, range: IpRange): boolean {
  return address.kind() === range[0].kind() && address.match(range as [IpAddressValue, number]);
}

/** Base64 as `BinaryEquals` takes it. */
export function isBase64(text: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text);
}
