// The few parts of `oidc-provider` (v9, shipped without type declarations) that the VNeID simulator uses.
declare module 'oidc-provider' {
  import type http from 'node:http';

  export interface Interaction {
    uid: string;
    prompt: { name: string };
    params: Record<string, unknown>;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface KoaContextWithOIDC {
    path: string;
    status: number;
    body: unknown;
    type: string;
    oidc: {
      provider: Provider;
      client?: { clientId: string };
      session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
      result?: { consent?: { grantId?: string } };
    };
  }

  export interface Account {
    accountId: string;
    claims(): Promise<Record<string, unknown>>;
  }

  export interface Configuration {
    clients?: Array<Record<string, unknown>>;
    jwks?: { keys: unknown[] };
    cookies?: { keys: string[] };
    pkce?: { required: (ctx: KoaContextWithOIDC, client: unknown) => boolean };
    responseTypes?: string[];
    scopes?: string[];
    claims?: Record<string, string[]>;
    acrValues?: string[];
    conformIdTokenClaims?: boolean;
    ttl?: Record<string, number>;
    features?: Record<string, Record<string, unknown>>;
    interactions?: { url: (ctx: KoaContextWithOIDC, interaction: Interaction) => Promise<string> };
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
    renderError?: (ctx: KoaContextWithOIDC, out: Record<string, unknown>, error: unknown) => Promise<void>;
    fetch?: (url: string | URL, init: RequestInit) => Promise<Response>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    Grant: {
      new (init: { clientId: string; accountId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    use(middleware: (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>): void;
    callback(): (request: http.IncomingMessage, response: http.ServerResponse) => void;
    interactionDetails(request: http.IncomingMessage, response: http.ServerResponse): Promise<Interaction>;
    interactionFinished(request: http.IncomingMessage, response: http.ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
