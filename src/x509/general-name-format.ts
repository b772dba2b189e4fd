/**
 * General names as OpenSSL prints them (`openssl x509 -text`): {@link formatGeneralName} and the
 * slashed one-line Name form of a DirName.
 *
 * Scope: text for people and for comparison with OpenSSL's output. Non-goals: reading and writing
 * (`general-name.ts`, `general-name-build.ts`), RFC 4514 strings (`name-format.ts`).
 * @module
 */
import { formatIpAddress, type GeneralName } from './general-name';
import type { Name } from './name';
import { attributeOpenSslName } from './name-attributes';
import { nameToOpenSslString } from './name-format';

/**
 * OpenSSL `X509_NAME_oneline` style (`/C=US/O=Acme/CN=x`), as OpenSSL prints a DirName:
 * non-ASCII and control characters as `\xXX` UTF-8 octets, non-string values as `#hex`.
 * @example
 * ```ts
 * formatNameSlashed(nameFrom({ C: 'US', CN: 'x' })) === '/C=US/CN=x'
 * ```
 */
export function formatNameSlashed(name: Name): string {
  let te: TextEncoder | undefined;
  const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');
  return name.rdns
    .map(
      (rdn) =>
        `/${rdn
          .map((a) => {
            const label = attributeOpenSslName(a.type);
            if (a.value === undefined) return `${label}=#${Array.from(a.rawValue, hex2).join('')}`;
            let v = '';
            for (const ch of a.value) {
              const c = ch.codePointAt(0)!;
              if (c < 0x20 || c >= 0x7f) {
                te ??= new TextEncoder();
                for (const b of te.encode(ch)) v += `\\x${hex2(b)}`;
              } else v += ch;
            }
            return `${label}=${v}`;
          })
          .join('+')}`,
    )
    .join('');
}

/**
 * One GeneralName as `openssl x509 -text` prints it: `DNS:example.com`, `IP Address:10.0.0.1`,
 * `email:a@b`, `URI:http://x`, `DirName:/C=US/CN=x`, `Registered ID:1.2.3`,
 * `othername: UPN::jane@corp`, `X400Name:<unsupported>`, `EdiPartyName:<unsupported>`.
 * `style` picks between OpenSSL's two printers: `i2v` (subjectAltName, authorityKeyIdentifier:
 * DirName as `/C=US/CN=x`) and `print` (`GENERAL_NAME_print`, used for CRL distribution points
 * and name constraints: DirName as `C = US, CN = x`).
 * IPv6 addresses as OpenSSL 3.0 prints them (every group, upper case, no compression; the
 * RFC 5952 form is in `text`); masks in name constraints as `IP:10.0.0.0/255.0.0.0`.
 * @example
 * ```ts
 * formatGeneralName(dns('example.com')) === 'DNS:example.com'
 * ```
 */
export function formatGeneralName(gn: GeneralName, style: 'i2v' | 'print' = 'i2v'): string {
  switch (gn.type) {
    case 'dns':
      return `DNS:${gn.value}`;
    case 'email':
      return `email:${gn.value}`;
    case 'uri':
      return `URI:${gn.value}`;
    case 'ip':
      return gn.mask === undefined ? `IP Address:${_osslIp(gn.value)}` : `IP:${_osslIp(gn.value)}/${_osslIp(gn.mask)}`;
    case 'dn':
      return `DirName:${style === 'print' ? nameToOpenSslString(gn.value) : formatNameSlashed(gn.value)}`;
    case 'registeredId':
      return `Registered ID:${gn.value}`;
    case 'otherName':
      if (gn.upn !== undefined) return `othername: UPN::${gn.upn}`;
      return `othername: ${gn.typeId}::<unsupported>`;
    case 'x400':
      return 'X400Name:<unsupported>';
    case 'ediParty':
      return 'EdiPartyName:<unsupported>';
  }
}

function _osslIp(b: Uint8Array): string {
  if (b.length !== 16) return formatIpAddress(b);
  const g: string[] = [];
  for (let i = 0; i < 16; i += 2) g.push(((b[i]! << 8) | b[i + 1]!).toString(16).toUpperCase());
  return g.join(':');
}
