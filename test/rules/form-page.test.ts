// `formPage` (src/http/form-page.ts): act → 303 to the next page, or the form again with the summary and the
// error's status; errors about the page itself (not found, sign-in, not allowed, server errors) are rethrown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../src/core/errors.ts';
import { formPage, formText, isPageError, requireValid, type FormErrors } from '../../src/http/form-page.ts';

function fakes() {
  const calls: { status?: number; redirect?: [string, number] } = {};
  const reply = {
    status(code: number) {
      calls.status = code;
      return reply;
    },
    redirect(url: string, code: number) {
      calls.redirect = [url, code];
      return 'redirected';
    },
  };
  return { request: { locale: 'en' } as unknown as FastifyRequest, reply: reply as unknown as FastifyReply, calls };
}

describe('formPage', () => {
  it('redirects with 303 See Other to the URL the action answers', async () => {
    const { request, reply, calls } = fakes();
    const out = await formPage(request, reply, { act: async () => '/done?thongbao=luu', rerender: () => assert.fail('no re-render') });
    assert.equal(out, 'redirected');
    assert.deepEqual(calls.redirect, ['/done?thongbao=luu', 303]);
    assert.equal(calls.status, undefined);
  });

  it('answers what the action answers when it is not a URL (a preview page)', async () => {
    const { request, reply, calls } = fakes();
    const page = { rendered: true };
    assert.equal(await formPage(request, reply, { act: async () => page, rerender: () => assert.fail('no re-render') }), page);
    assert.equal(calls.redirect, undefined);
  });

  it('re-renders a form error with its status and the summary linked to the fields', async () => {
    const { request, reply, calls } = fakes();
    let seen: FormErrors | undefined;
    const out = await formPage(request, reply, {
      act: async () => {
        throw new DomainError('VALIDATION_FAILED', undefined, [{ path: '/documents/0/name', code: 'required' }]);
      },
      rerender: (errors, error) => {
        seen = errors;
        return `form again (${error.code})`;
      },
    });
    assert.equal(out, 'form again (VALIDATION_FAILED)');
    assert.equal(calls.status, 422);
    assert.equal(seen!.summary[0]!.field, 'documents.0.name');
    assert.equal(seen!.summary[0]!.href, '#documents-0-name');
    assert.ok(seen!.byField['documents.0.name']);
    const conflict = fakes();
    await formPage(conflict.request, conflict.reply, { act: async () => Promise.reject(new DomainError('CONFLICT')), rerender: () => 'again' });
    assert.equal(conflict.calls.status, 409);
  });

  it('rethrows errors about the page, and anything that is not a DomainError', async () => {
    for (const code of ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL']) {
      const { request, reply, calls } = fakes();
      await assert.rejects(formPage(request, reply, { act: async () => Promise.reject(new DomainError(code)), rerender: () => assert.fail('no re-render') }), { code });
      assert.equal(calls.status, undefined);
    }
    const { request, reply } = fakes();
    await assert.rejects(formPage(request, reply, { act: async () => Promise.reject(new TypeError('bug')), rerender: () => assert.fail('no re-render') }), TypeError);
    assert.equal(isPageError(new DomainError('VALIDATION_FAILED')), false);
  });

  it('takes its own rule for page errors and its own summary', async () => {
    const { request, reply, calls } = fakes();
    const summary: FormErrors = { title: 't', summary: [{ field: 'x', href: '#x', message: 'm' }], byField: { x: 'm' } };
    const out = await formPage(request, reply, {
      act: async () => Promise.reject(new DomainError('NOT_FOUND')),
      pageError: () => false,
      summary: () => summary,
      rerender: (errors) => errors,
    });
    assert.equal(out, summary);
    assert.equal(calls.status, 404);
  });
});

describe('form helpers', () => {
  it('requireValid passes a parsed input and refuses field errors', () => {
    assert.deepEqual(requireValid({ a: 1 }, []), { a: 1 });
    assert.throws(() => requireValid(null, [{ path: '/a', code: 'required' }]), (e: DomainError) => e.code === 'VALIDATION_FAILED' && e.fieldErrors.length === 1);
    assert.throws(() => requireValid({ a: 1 }, [{ path: '/a', code: 'required' }]), { code: 'VALIDATION_FAILED' });
  });

  it('formText reads one value of a field', () => {
    assert.equal(formText({ a: 'x', b: ['y', 'z'] }, 'a'), 'x');
    assert.equal(formText({ a: 'x', b: ['y', 'z'] }, 'b'), 'y');
    assert.equal(formText({ a: 'x' }, 'missing'), '');
    assert.equal(formText(undefined, 'a'), '');
  });
});
