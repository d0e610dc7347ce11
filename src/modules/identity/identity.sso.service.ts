// Single sign-on use cases: begin (authorization redirect), complete (callback → validated identity → the account
// linked, found by personal ID or created → our session), single logout both ways.
import type { Config } from '../../config.ts';
import type { RoleGrant } from '../../core/actor.ts';
import { DomainError } from '../../core/errors.ts';
import type { Db, Executor } from '../../db/database.ts';
import { ConcurrentInsert } from '../../db/errors.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { MailService } from '../mail/mail.service.ts';
import { translate } from '../../core/i18n.ts';
import './identity.sso.messages.ts';
import { IdentityConflict, IdentityRepository } from './identity.repository.ts';
import { IdpRefused, IdpUnreachable, openTransaction, sealTransaction, type VneidRelyingParty } from './identity.oidc.ts';
import { actorOf, hashToken, newToken, type LoginResult } from './identity.service.ts';
import { SsoRepository } from './identity.sso.repository.ts';
import { decideLink, NO_PASSWORD, personFromClaims, ssoLanding, ssoUsername, VNEID_PROVIDER, type SsoPerson } from './identity.sso.rules.ts';
import './identity.sso.errors.ts';

export interface SsoLogin extends LoginResult {
  next: string;
  created: boolean;
}

export class SsoService {
  constructor(
    private readonly db: Db,
    private readonly config: Pick<Config, 'sessionTtlHours' | 'baseUrl'>,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    /** The key the transaction cookie is sealed with (the server's form-token key). */
    private readonly key: () => Promise<Buffer>,
    private readonly rp: VneidRelyingParty | null,
    private readonly repo = new SsoRepository(),
    private readonly identities = new IdentityRepository(),
  ) {}

  /** Whether sign-in with VNeID is configured (VNEID_* settings, or the demo's simulator). */
  get enabled(): boolean {
    return this.rp !== null;
  }

  private relyingParty(): VneidRelyingParty {
    if (!this.rp) throw new DomainError('NOT_FOUND');
    return this.rp;
  }

  /** The provider's authorization URL and the sealed transaction for the visitor's cookie. */
  async begin(next: string): Promise<{ url: string; cookie: string }> {
    try {
      const { url, transaction } = await this.relyingParty().begin(next);
      return { url, cookie: sealTransaction(await this.key(), transaction) };
    } catch (error) {
      if (error instanceof IdpUnreachable) throw new DomainError('SSO_UNAVAILABLE');
      throw error;
    }
  }

  /**
   * The provider's callback: the transaction cookie must be there and match the state; openid-client validates the
   * code exchange and the ID token; then the account (linked identity, else personal ID, else a new one) is signed in.
   */
  async complete(input: { callbackUrl: URL; cookie: string | undefined; ip: string; userAgent?: string }): Promise<SsoLogin> {
    const rp = this.relyingParty();
    const transaction = openTransaction(await this.key(), input.cookie);
    const state = input.callbackUrl.searchParams.get('state');
    if (!transaction || state === null || state !== transaction.state) {
      await this.refusal(null, input.ip, { reason: 'state' });
      throw new DomainError('SSO_STATE_INVALID');
    }
    let answer: { claims: Record<string, unknown>; idToken: string };
    try {
      answer = await rp.finish(input.callbackUrl, transaction);
    } catch (error) {
      if (error instanceof IdpUnreachable) throw new DomainError('SSO_UNAVAILABLE');
      if (error instanceof IdpRefused) {
        if (error.reason === 'cancelled') throw new DomainError('SSO_CANCELLED');
        await this.refusal(null, input.ip, { reason: error.reason, detail: error.detail.slice(0, 100) });
        throw new DomainError('SSO_TOKEN_INVALID');
      }
      throw error;
    }
    const parsed = personFromClaims(answer.claims);
    if ('problem' in parsed) {
      await this.refusal(null, input.ip, { reason: 'claims', claim: parsed.problem });
      throw new DomainError('SSO_CLAIMS_INVALID', { claim: parsed.problem });
    }
    const person = parsed.person;
    let outcome: { accountId: string; created: boolean };
    try {
      outcome = await this.link(person, input.ip);
    } catch (error) {
      // The same identity signing in twice at the same moment: the other one linked or created it; read again.
      if (!(error instanceof ConcurrentInsert || error instanceof IdentityConflict)) throw error;
      outcome = await this.link(person, input.ip);
    }
    const session = await this.openSession(outcome.accountId, person, answer.idToken, input);
    // No page asked for (an empty `next`): an applicant lands on their dossiers.
    return { ...session, next: ssoLanding(session.actor.kind, transaction.next), created: outcome.created };
  }

  /** In one transaction: decide (rules), then sign in, link or create; a refusal is audited and nothing merged. */
  private async link(person: SsoPerson, ip: string): Promise<{ accountId: string; created: boolean }> {
    const refused = await this.db.transaction().execute(async (tx) => {
      const linked = await this.repo.linkedAccount(tx, VNEID_PROVIDER, person.subject);
      let organisationId: string | null = null;
      if (person.business) organisationId = (await this.identities.findOrganisationByTaxCode(tx, person.business.taxCode))?.id ?? null;
      const holder = person.business
        ? organisationId
          ? await this.repo.representativeHolder(tx, VNEID_PROVIDER, person.personalId, organisationId)
          : null
        : await this.repo.citizenHolder(tx, VNEID_PROVIDER, person.personalId);
      const decision = decideLink({ person, linked, holder });
      const taxCode = person.business?.taxCode ?? null;
      if (decision.kind === 'refuse') return decision;
      if (decision.kind === 'sign_in') {
        await this.repo.touchIdentity(tx, VNEID_PROVIDER, person.subject, person.loa);
        await this.repo.refreshPerson(tx, decision.accountId, person);
        return { accountId: decision.accountId, created: false };
      }
      if (decision.kind === 'link') {
        await this.repo.insertIdentity(tx, { provider: VNEID_PROVIDER, subject: person.subject, accountId: decision.accountId, personalId: person.personalId, taxCode, loa: person.loa });
        await this.repo.activate(tx, decision.accountId);
        await this.audit.record(tx, null, { action: 'auth.sso_link', targetType: 'account', targetId: decision.accountId, summary: { provider: VNEID_PROVIDER, loa: person.loa, taxCode } }, ip);
        // The personal ID of a password account was declared, not proven: its owner hears of the link.
        if (holder?.email) {
          await this.mail.queue(tx, {
            to: holder.email,
            subject: translate(holder.locale, 'mail.ssoLinked.subject'),
            text: translate(holder.locale, 'mail.ssoLinked.text', { name: holder.fullName, loginLink: `${this.config.baseUrl}/dang-nhap` }),
          });
        }
        return { accountId: decision.accountId, created: false };
      }
      // A new account: a citizen, or the representative's account in the organisation (created when absent).
      if (person.business && !organisationId) {
        const organisation = await this.identities.insertOrganisation(tx, { tax_code: person.business.taxCode, name: person.business.name, legal_representative: person.fullName, address: null });
        organisationId = organisation.id;
        await this.audit.record(tx, null, { action: 'organisation.create', targetType: 'organisation', targetId: organisation.id, summary: { taxCode, via: VNEID_PROVIDER } }, ip);
      }
      const account = await this.identities.insertAccount(tx, {
        username: ssoUsername(VNEID_PROVIDER, person.subject),
        kind: person.business ? 'organisation' : 'citizen',
        status: 'active',
        email: null,
        password_hash: NO_PASSWORD,
        full_name: person.fullName,
        personal_id: person.personalId,
        date_of_birth: person.dateOfBirth,
        organisation_id: organisationId,
      });
      await this.repo.insertIdentity(tx, { provider: VNEID_PROVIDER, subject: person.subject, accountId: account.id, personalId: person.personalId, taxCode, loa: person.loa });
      await this.audit.record(tx, null, { action: 'account.create', targetType: 'account', targetId: account.id, summary: { kind: account.kind, username: account.username, via: VNEID_PROVIDER, loa: person.loa, taxCode } }, ip);
      return { accountId: account.id, created: true };
    });
    if ('kind' in refused) {
      await this.refusal(refused.accountId, ip, { reason: refused.reason, otherAccountId: refused.otherAccountId, taxCode: person.business?.taxCode ?? null });
      throw new DomainError(refused.reason === 'disabled' ? 'ACCOUNT_DISABLED' : 'SSO_PERSONAL_ID_CONFLICT');
    }
    return refused;
  }

  private async openSession(accountId: string, person: SsoPerson, idToken: string, input: { ip: string; userAgent?: string }): Promise<LoginResult> {
    const account = await this.identities.findAccountById(this.db, accountId);
    if (!account || account.status !== 'active') throw new DomainError('ACCOUNT_DISABLED');
    const roles: RoleGrant[] = await this.identities.rolesOf(this.db, account.id);
    const actor = actorOf(account, roles, input.ip);
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3_600_000);
    await this.db.transaction().execute(async (tx) => {
      const sessionId = hashToken(token);
      await this.identities.insertSession(tx, { id: sessionId, accountId: account.id, csrfToken, ip: input.ip, userAgent: input.userAgent?.slice(0, 300) ?? null, expiresAt });
      await this.repo.insertSsoSession(tx, { sessionId, provider: VNEID_PROVIDER, subject: person.subject, sid: person.sid, idToken });
      await this.audit.record(tx, actor, { action: 'auth.login', targetType: 'account', targetId: account.id, summary: { via: VNEID_PROVIDER, loa: person.loa } });
    });
    return { token, expiresAt, csrfToken, actor };
  }

  private async refusal(accountId: string | null, ip: string, summary: Record<string, unknown>): Promise<void> {
    await this.db.transaction().execute(async (tx: Executor) => {
      await this.audit.record(tx, null, { action: 'auth.sso_refused', targetType: 'account', targetId: accountId, summary: { provider: VNEID_PROVIDER, ...summary } }, ip);
    });
  }

  /** Whether the account signs in with VNeID only (made by it and never given a password): nothing to change. */
  async signsInWithVneidOnly(accountId: string): Promise<boolean> {
    return this.repo.hasPasswordHash(this.db, accountId, NO_PASSWORD);
  }

  /**
   * Before our session ends: the provider's end-session URL when the session was opened through it (RP-initiated
   * logout with id_token_hint), else null.
   */
  async endSessionUrl(sessionId: string): Promise<string | null> {
    if (!this.rp) return null;
    const row = await this.repo.findSsoSession(this.db, sessionId);
    return row ? await this.rp.endSessionUrl(row.id_token) : null;
  }

  /** The provider's back-channel logout: a verified logout token ends the sessions it names. False when refused. */
  async backchannelLogout(token: string, ip: string): Promise<boolean> {
    let claims: { sid: string | null; sub: string | null } | null;
    try {
      claims = await this.relyingParty().verifyLogoutToken(token);
    } catch (error) {
      if (error instanceof IdpUnreachable) throw new DomainError('SSO_UNAVAILABLE');
      throw error;
    }
    if (!claims) return false;
    await this.db.transaction().execute(async (tx) => {
      const ended = await this.repo.deleteSessionsOf(tx, VNEID_PROVIDER, claims);
      for (const accountId of new Set(ended.map((r) => r.account_id))) {
        await this.audit.record(tx, null, { action: 'auth.logout', targetType: 'account', targetId: accountId, summary: { via: VNEID_PROVIDER, backchannel: true } }, ip);
      }
    });
    return true;
  }
}
