// The validity dates of an X.509 certificate, read from its DER by the codec's bounded walker.
// `inspect` reads them for every record of a CTL: a full parse per certificate (OpenSSL through
// node:crypto, or the JavaScript X.509 library) cost more than the rest of the command. The
// walk checks the structure it passes through (Certificate ::= SEQUENCE { tbsCertificate,
// signatureAlgorithm, signatureValue } with nothing after it) and reads the two times as RFC 5280
// writes them: UTCTime before 2050, GeneralizedTime from 2050 on.
import { DerError, derChildren, readDer, type DerNode } from './der';

const SEQUENCE = 0x30;
const BIT_STRING = 0x03;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

/**
 * UTCTime YYMMDDHHMM[SS] and GeneralizedTime YYYYMMDDHHMM[SS[.f…]], each ending in Z or an
 * offset ±HHMM. DER requires seconds and Z; the other forms are read as OpenSSL reads them, so
 * that an old certificate shows its dates here as it does everywhere else.
 */
const UTC_FORM = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})$/;
const GENERALIZED_FORM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.\d+)?)?(Z|[+-]\d{4})$/;

function timeAt(bytes: Uint8Array, node: DerNode, field: string): Date {
  const text = String.fromCharCode(...bytes.subarray(node.valueOffset, node.end));
  let parts: RegExpExecArray | null;
  let year: number;
  if (node.tag === UTC_TIME && (parts = UTC_FORM.exec(text))) {
    const yy = Number(parts[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy; // RFC 5280 4.1.2.5.1
  } else if (node.tag === GENERALIZED_TIME && (parts = GENERALIZED_FORM.exec(text))) {
    year = Number(parts[1]);
  } else {
    throw new DerError(`certificate ${field} is not a valid time at offset ${node.offset}`);
  }
  const [month, day, hour, minute] = [2, 3, 4, 5].map((i) => Number(parts![i])) as [number, number, number, number];
  const second = Number(parts[6] ?? 0);
  const zone = parts[parts.length - 1]!;
  const lastDay = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !leapYear(year) ? 1 : 0);
  if (month < 1 || month > 12 || day < 1 || day > lastDay || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(`certificate ${field} is not a valid time at offset ${node.offset}`);
  }
  // Whole seconds, as OpenSSL reports them (a fraction of a GeneralizedTime is dropped).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years before 100 as such
  date.setUTCHours(hour, minute, second, 0);
  if (zone !== 'Z') {
    const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * 60_000;
    date.setTime(date.getTime() + (zone[0] === '+' ? -offset : offset));
  }
  return date;
}

function leapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** tbsCertificate's fields, once the certificate's outer structure is checked. */
function tbsFields(der: Uint8Array): { fields: DerNode[]; skip: number } {
  const cert = readDer(der, 0);
  if (cert.tag !== SEQUENCE || cert.end !== der.length) throw new DerError('not a DER certificate (one SEQUENCE)');
  const [tbs, algorithm, signature, extra] = derChildren(der, cert);
  if (tbs?.tag !== SEQUENCE || algorithm?.tag !== SEQUENCE || signature?.tag !== BIT_STRING || extra) {
    throw new DerError('not a certificate: expected tbsCertificate, signatureAlgorithm and signatureValue');
  }
  const fields = derChildren(der, tbs);
  return { fields, skip: fields[0]?.tag === 0xa0 ? 1 : 0 }; // explicit [0] version
}

function validityOf(der: Uint8Array, validity: DerNode | undefined): { notBefore: string; notAfter: string } {
  if (validity?.tag !== SEQUENCE) throw new DerError('certificate has no validity');
  const [from, to, more] = derChildren(der, validity);
  if (!from || !to || more) throw new DerError('certificate validity is not two times');
  return { notBefore: timeAt(der, from, 'notBefore').toISOString(), notAfter: timeAt(der, to, 'notAfter').toISOString() };
}

/** notBefore and notAfter of a certificate DER, as ISO 8601; throws DerError when it is no certificate. */
export function certificateValidity(der: Uint8Array): { notBefore: string; notAfter: string } {
  const { fields, skip } = tbsFields(der);
  return validityOf(der, fields[skip + 3]);
}

/**
 * The validity and, in the same walk, the SubjectPublicKeyInfo DER (a view of der; null when the
 * certificate has none): `inspect` reads both for every record.
 */
export function certificateValidityAndKey(der: Uint8Array): { notBefore: string; notAfter: string; spki: Uint8Array | null } {
  const { fields, skip } = tbsFields(der);
  const spki = fields[skip + 5];
  return { ...validityOf(der, fields[skip + 3]), spki: spki?.tag === SEQUENCE ? der.subarray(spki.offset, spki.end) : null };
}
