// SQL of single sign-on: identities linked to accounts (account_identities) and the sessions they opened
// (sso_sessions), migration 0028.
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { ConcurrentInsert, uniqueViolation } from '../../db/errors.ts';

type Status = 'pending' | 'active' | 'disabled';

export class SsoRepository {
  /** The account linked to (provider, subject), with its personal ID and its organisation's tax code; locked. */
  async linkedAccount(db: Executor, provider: string, subject: string) {
    const row = await db
      .selectFrom('account_identities as i')
      .innerJoin('accounts as a', 'a.id', 'i.account_id')
      .leftJoin('organisations as o', 'o.id', 'a.organisation_id')
      .select(['a.id as accountId', 'a.personal_id as personalId', 'o.tax_code as taxCode', 'a.status'])
      .where('i.provider', '=', provider)
      .where('i.subject', '=', subject)
      .forUpdate('i')
      .executeTakeFirst();
    return row ? { accountId: row.accountId, personalId: row.personalId, taxCode: row.taxCode, status: row.status as Status } : null;
  }

  /** The citizen account holding this personal ID, with the subject it is linked to for `provider` (if any). */
  async citizenHolder(db: Executor, provider: string, personalId: string) {
    const row = await db
      .selectFrom('accounts as a')
      .leftJoin('account_identities as i', (join) => join.onRef('i.account_id', '=', 'a.id').on('i.provider', '=', provider))
      .select(['a.id as accountId', 'a.status', 'i.subject as linkedSubject', 'a.email', 'a.locale', 'a.full_name as fullName'])
      .where('a.personal_id', '=', personalId)
      .where('a.kind', '=', 'citizen')
      .executeTakeFirst();
    return row ? { accountId: row.accountId, status: row.status as Status, linkedSubject: row.linkedSubject, email: row.email, locale: row.locale, fullName: row.fullName } : null;
  }

  /** This person's organisation account in the organisation (same personal ID), with its linked subject. */
  async representativeHolder(db: Executor, provider: string, personalId: string, organisationId: string) {
    const row = await db
      .selectFrom('accounts as a')
      .leftJoin('account_identities as i', (join) => join.onRef('i.account_id', '=', 'a.id').on('i.provider', '=', provider))
      .select(['a.id as accountId', 'a.status', 'i.subject as linkedSubject', 'a.email', 'a.locale', 'a.full_name as fullName'])
      .where('a.personal_id', '=', personalId)
      .where('a.kind', '=', 'organisation')
      .where('a.organisation_id', '=', organisationId)
      .orderBy('a.created_at')
      .executeTakeFirst();
    return row ? { accountId: row.accountId, status: row.status as Status, linkedSubject: row.linkedSubject, email: row.email, locale: row.locale, fullName: row.fullName } : null;
  }

  /** Links (provider, subject) to the account; ConcurrentInsert when the same identity was linked at the same moment. */
  async insertIdentity(db: Executor, identity: { provider: string; subject: string; accountId: string; personalId: string; taxCode: string | null; loa: number }): Promise<void> {
    try {
      await db
        .insertInto('account_identities')
        .values({ provider: identity.provider, subject: identity.subject, account_id: identity.accountId, personal_id: identity.personalId, tax_code: identity.taxCode, loa: identity.loa })
        .execute();
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint !== null) throw new ConcurrentInsert(constraint, error);
      throw error;
    }
  }

  async touchIdentity(db: Executor, provider: string, subject: string, loa: number): Promise<void> {
    await db.updateTable('account_identities').set({ loa, last_sign_in_at: new Date() }).where('provider', '=', provider).where('subject', '=', subject).execute();
  }

  /** The account's name and date of birth as the provider vouches for them (it is the authority). */
  async refreshPerson(db: Executor, accountId: string, person: { fullName: string; dateOfBirth: string | null }): Promise<void> {
    await db
      .updateTable('accounts')
      .set({ full_name: person.fullName, ...(person.dateOfBirth ? { date_of_birth: person.dateOfBirth } : {}), updated_at: new Date() })
      .where('id', '=', accountId)
      .execute();
  }

  /** A pending account proven by the provider becomes active (its e-mail address stays unverified). */
  async activate(db: Executor, accountId: string): Promise<void> {
    await db.updateTable('accounts').set({ status: 'active', updated_at: new Date() }).where('id', '=', accountId).where('status', '=', 'pending').execute();
  }

  /** Whether the account has no usable password (made by single sign-on, never given one): `hash` is NO_PASSWORD. */
  async hasPasswordHash(db: Executor, accountId: string, hash: string): Promise<boolean> {
    const row = await db.selectFrom('accounts').select('id').where('id', '=', accountId).where('password_hash', '=', hash).executeTakeFirst();
    return row !== undefined;
  }

  async insertSsoSession(db: Executor, row: { sessionId: string; provider: string; subject: string; sid: string | null; idToken: string }): Promise<void> {
    await db.insertInto('sso_sessions').values({ session_id: row.sessionId, provider: row.provider, subject: row.subject, sid: row.sid, id_token: row.idToken }).execute();
  }

  findSsoSession(db: Executor, sessionId: string) {
    return db.selectFrom('sso_sessions').select(['provider', 'subject', 'sid', 'id_token']).where('session_id', '=', sessionId).executeTakeFirst();
  }

  /** Ends every session the provider's session `sid` (or, without a sid, its subject) opened; their accounts. */
  async deleteSessionsOf(db: Executor, provider: string, match: { sid: string | null; sub: string | null }): Promise<Array<{ account_id: string }>> {
    const { rows } = await sql<{ account_id: string }>`
      DELETE FROM sessions s USING sso_sessions x
      WHERE x.session_id = s.id AND x.provider = ${provider}
        AND (${match.sid}::text IS NOT NULL AND x.sid = ${match.sid} OR ${match.sid}::text IS NULL AND x.subject = ${match.sub})
      RETURNING s.account_id`.execute(db);
    return rows;
  }
}
