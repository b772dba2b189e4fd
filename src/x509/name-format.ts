/**
 * The other forms of a distinguished name: OpenSSL's one-line text ({@link nameToOpenSslString})
 * and a JSON view ({@link nameToJson}). The RFC 4514 form is the record's own `toString()`.
 * @module
 */
import { toHex } from '../der/index';
import type { AttributeTypeAndValue, Name } from './name';
import { attributeOpenSslName, attributeShortName } from './name-attributes';

const _HEX = '0123456789ABCDEF';
let _te: TextEncoder | undefined;

function _hex2(o: number): string {
  return '\\' + _HEX[o >> 4]! + _HEX[o & 15]!;
}

function _formatOneline(a: AttributeTypeAndValue): string {
  const label = attributeOpenSslName(a.type);
  if (a.value === undefined) return `${label} = #${toHex(a.rawValue).toUpperCase()}`;
  const s = a.value;
  let quote = false;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (',+<>;'.includes(ch)) {
      quote = true;
      out += ch;
    } else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if ((ch === ' ' || ch === '#') && i === 0) {
      quote = true;
      out += ch;
    } else if (ch === ' ' && i === s.length - 1) {
      quote = true;
      out += ch;
    } else if (c < 0x20 || c === 0x7f) out += _hex2(c);
    else if (c >= 0x80) {
      const str = String.fromCodePoint(s.codePointAt(i)!);
      for (const b of (_te ??= new TextEncoder()).encode(str)) out += _hex2(b);
      i += str.length - 1;
    } else out += ch;
  }
  return `${label} = ${quote ? `"${out}"` : out}`;
}

/**
 * OpenSSL's default one-line form (`-nameopt oneline`, the default of `openssl x509 -subject`
 * in OpenSSL 3): RDNs in encoded order separated by `, `, `+` as ` + `, ` = ` between type and
 * value, OpenSSL's short names, values containing `, + < > ;` (or leading/trailing space or a
 * leading `#`) in double quotes, `"` and `\` escaped, non-ASCII as `\XX` UTF-8 octets, and
 * values that are not strings as `#hex`.
 * @example
 * ```ts
 * nameToOpenSslString(nameFrom({ C: 'US', O: 'Acme, Inc.', CN: 'x' })) // 'C = US, O = "Acme, Inc.", CN = x'
 * ```
 */
export function nameToOpenSslString(name: Name): string {
  return name.rdns.map((rdn) => rdn.map(_formatOneline).join(' + ')).join(', ');
}

/**
 * The JSON view of a Name (what {@link nameToJson} returns).
 * @example
 * ```ts
 * const j: NameJson = nameToJson(name);
 * ```
 */
export interface NameJson {
  /** The RFC 4514 string. */
  string: string;
  /** The attributes by RDN: type, RFC 4514 name, and the text or (values that are not strings) the hex encoding. */
  rdns: Array<Array<{ type: string; name: string; value?: string; hex?: string }>>;
}

/**
 * A JSON view: the RFC 4514 string and the attributes by RDN.
 * @example
 * ```ts
 * JSON.stringify(nameToJson(nameFrom({ CN: 'x' }))) // '{"string":"CN=x","rdns":[[{"type":"2.5.4.3","name":"CN","value":"x"}]]}'
 * ```
 */
export function nameToJson(name: Name): NameJson {
  return {
    string: name.toString(),
    rdns: name.rdns.map((rdn) =>
      rdn.map((a) => {
        const o: { type: string; name: string; value?: string; hex?: string } = { type: a.type, name: attributeShortName(a.type) };
        if (a.value !== undefined) o.value = a.value;
        else o.hex = toHex(a.rawValue);
        return o;
      }),
    ),
  };
}
