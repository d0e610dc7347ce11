// Every role at 360 px: signs in, lands on its work, and every page its landing page and menu link to fits the
// screen (no sideways scrolling) and passes axe-core. Finds the siblings of a layout overflow on any page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, startBrowserServer } from '../helpers/browser.ts';

const WIDTH = 360;
const ROLES: Array<[string, RegExp]> = [
  ['demo.congdan', /^\/ho-so$/],
  ['demo.doanhnghiep', /^\/ho-so$/],
  ['demo.motcua', /^\/can-bo$/],
  ['demo.chuyenvien', /^\/can-bo$/],
  ['demo.truongphong', /^\/can-bo$/],
  ['demo.lanhdao', /^\/can-bo$/],
  ['demo.danhmuc', /^\/quan-tri\/thu-tuc$/],
  ['demo.quantri', /^\/quan-tri$/],
];

/** Links worth opening: same-site pages, not downloads, sign-out, language switches or anchors. */
async function pageLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('header a[href^="/"], main a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.filter((href) => !/^\/(static|tep|kho-giay-to\/[^/]+\/tep|dang-xuat)|[?&]lang=|\.(pdf|xlsx|csv|json|docx)(\?|$)|#/.test(href));
}

async function assertFits(page: Page): Promise<void> {
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  assert.ok(width <= WIDTH, `${page.url()} is ${width} px wide on a ${WIDTH} px screen`);
}

describe('journey: every role at 360 px', async () => {
  const server = await startBrowserServer();
  const checked = new Set<string>();

  for (const [username, landing] of ROLES) {
    it(`${username} lands on its work; its pages fit 360 px and pass axe-core`, async () => {
      const page = await server.signIn(username, { width: WIDTH, height: 740 });
      const url = new URL(page.url());
      assert.match(url.pathname, landing);
      await assertFits(page);
      await assertAccessible(page);
      // A page shape is checked once (the same template under another id adds nothing).
      const links = [...new Set(await pageLinks(page))].filter((href) => !checked.has(href.replace(/[0-9a-f-]{36}|\d+(\.\d+)*/g, ':id')));
      for (const href of links.slice(0, 14)) {
        checked.add(href.replace(/[0-9a-f-]{36}|\d+(\.\d+)*/g, ':id'));
        const response = await page.goto(href);
        assert.ok(response && response.status() < 400, `${href} answered ${response?.status()} to ${username}`);
        await assertFits(page);
        await assertAccessible(page);
      }
      await page.context().close();
    });
  }
});
