// The renderer's Content-Security-Policy is part of what the packaged app ships; the page rules
// must accept the app's page and reject each way of weakening it.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pageCsp, pageProblems } from '../../scripts/packaging/page-rules';

const ROOT = resolve(import.meta.dirname, '../..');
const source = async (): Promise<string> => readFile(join(ROOT, 'renderer', 'index.html'), 'utf8');

describe('page rules', () => {
  it('accept the renderer page as written', async () => {
    const html = await source();
    expect(pageCsp(html)?.get('script-src')).toEqual(["'self'"]);
    expect(pageProblems(html)).toEqual([]);
  });

  it("reject 'unsafe-inline', 'unsafe-eval' and remote sources", async () => {
    const html = (await source()).replace("script-src 'self'", "script-src 'self' 'unsafe-eval' https://cdn.example.invalid").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    expect(pageProblems(html)).toEqual([
      "CSP script-src must be 'self', got 'self' 'unsafe-eval' https://cdn.example.invalid",
      "CSP script-src allows 'unsafe-eval'",
      'CSP script-src allows https://cdn.example.invalid',
      "CSP style-src allows 'unsafe-inline'",
    ]);
  });

  it('reject a page without a policy, with inline code or a remote script', () => {
    expect(pageProblems('<html><head><script src="./a.js"></script></head></html>')).toEqual(['dist/renderer/index.html has no Content-Security-Policy meta tag']);
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'" />`;
    expect(pageProblems(`${csp}<script>alert(1)</script><script src="https://x.invalid/a.js"></script><style>p{}</style><body onload="x()">`)).toEqual([
      'dist/renderer/index.html has an inline <script>',
      'dist/renderer/index.html loads a script from https://x.invalid/a.js',
      'dist/renderer/index.html has an inline <style>',
      'dist/renderer/index.html has an inline event handler attribute',
    ]);
  });

  it('reject a style attribute in the (prerendered) markup, naming the page', () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; base-uri 'none'; form-action 'none'" />`;
    expect(pageProblems(`${csp}<div id="root"><p class="muted" style="color:red">x</p></div>`, 'index.ja.html')).toEqual(['dist/renderer/index.ja.html has an inline style attribute']);
    // Text that merely reads like an attribute is no attribute.
    expect(pageProblems(`${csp}<p>set style = compact</p>`)).toEqual([]);
  });
});
