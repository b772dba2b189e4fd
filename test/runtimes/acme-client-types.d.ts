// The part of acme-client 5.4.0's API that test/runtimes/acme-client-order.ts uses. The package is
// installed only in tools/runtimes (the runtime matrix), which `tsc` does not resolve from the
// root, so the type check of the repository does not depend on that install; esbuild bundles the
// real package.
declare module 'acme-client' {
  interface Challenge {
    type: string;
    url: string;
    token: string;
    status: string;
  }
  interface Authorization {
    url: string;
    status: string;
    identifier: { type: string; value: string };
    challenges: Challenge[];
  }
  interface Order {
    url: string;
    status: string;
    authorizations: string[];
    finalize: string;
    certificate?: string;
  }
  export class Client {
    constructor(opts: { directoryUrl: string; accountKey: Uint8Array | string });
    getAccountUrl(): string;
    createAccount(data?: { termsOfServiceAgreed?: boolean; contact?: string[] }): Promise<{ status: string }>;
    createOrder(data: { identifiers: { type: string; value: string }[] }): Promise<Order>;
    getAuthorizations(order: Order): Promise<Authorization[]>;
    getChallengeKeyAuthorization(challenge: Challenge): Promise<string>;
    completeChallenge(challenge: Challenge): Promise<Challenge>;
    waitForValidStatus<T>(item: T): Promise<T>;
    finalizeOrder(order: Order, csr: Uint8Array | string): Promise<Order>;
    getCertificate(order: Order): Promise<string>;
    revokeCertificate(cert: string, data?: { reason?: number }): Promise<void>;
  }
  export const crypto: {
    createPrivateEcdsaKey(curve?: 'P-256' | 'P-384' | 'P-521'): Promise<Uint8Array>;
    createCsr(data: { commonName?: string; altNames?: string[] }, key?: Uint8Array | string): Promise<[Uint8Array, Uint8Array]>;
    readCertificateInfo(cert: string): { domains: { commonName: string; altNames: string[] }; notBefore: Date; notAfter: Date };
  };
}
