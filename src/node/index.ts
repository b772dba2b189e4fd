/**
 * `certkit/node`: the Node.js adapter of the web-standard CA handler (`certkit/server`). It
 * converts `node:http`/`node:https` requests to `Request` and `Response` back (streaming, with
 * backpressure and a body limit), passes the TLS client's certificate chain and address to the
 * handler, and starts an HTTPS server with graceful shutdown; and {@link FsCaStore}, the
 * crash-safe file-system `CaStore` of the CLI's CA directories, so programs can use the same
 * directory, and {@link FsAcmeStore}, the ACME server's accounts and orders beside it;
 * {@link createTlsAlpn01Validator}, the ACME server's tls-alpn-01 validator (RFC 8737) over
 * `node:tls`. The only Node-specific layer of the library besides the CLI; the portable code never
 * imports it.
 * @module
 */
export { NodeAdapterError, type NodeAdapterErrorCode } from './errors';
export { toNodeListener, type NodeListener, type NodeListenerOptions, type NodeRequestContext, type WebHandler } from './listener';
export { peerCertificateChain } from './peer-chain';
export { parseListenAddress, startCaServer, type CaServerOptions, type CaServerTls, type RunningCaServer } from './server';
export { FsCaStore, type FsCaStoreOptions, type FsStep } from './fs-store';
export { checkTlsAlpn01Certificate, createTlsAlpn01Validator, tlsAlpn01ServerName, type TlsAlpn01ValidatorOptions } from './tls-alpn-01';
export { FsAcmeStore } from './fs-acme-store';
