// The initial renderer bundle (what index.html loads before the first screen) stays under
// 200 KB gzip; the inspector and the certificate viewer are lazy chunks. The browser
// project's global setup has just built dist/renderer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleFiles, gzipSize, INITIAL_BUNDLE_BUDGET } from '../../scripts/renderer-bundle';

const dist = join(import.meta.dirname, '..', '..', 'dist', 'renderer');

describe('renderer bundle', () => {
  it('loads under 200 KB gzip before the first screen, with the heavy parts lazy', async () => {
    const { initial, lazy } = await bundleFiles(dist);
    expect(initial.some((f) => f.endsWith('.js'))).toBe(true);
    let total = 0;
    for (const file of initial) total += await gzipSize(dist, file);
    expect(total).toBeLessThan(INITIAL_BUNDLE_BUDGET);
    expect(lazy.some((f) => /CertificateViewer/.test(f))).toBe(true);
    expect(lazy.some((f) => /Inspector/.test(f))).toBe(true);
  });

  it('keeps the Japanese texts out of the first bundle: they load when Japanese is the language', async () => {
    const { initial, lazy } = await bundleFiles(dist);
    // A sentence of the wizard in each language, as the bundle stores it.
    const english = 'Connect to the cluster';
    const japanese = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'renderer', 'i18n', 'ja.json'), 'utf8')).server.title as string;
    const text = async (files: string[]) => (await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => readFile(join(dist, f), 'utf8')))).join('\n');
    const first = await text(initial);
    expect(first).toContain(english);
    expect(first).not.toContain(japanese);
    expect(await text(lazy)).toContain(japanese);
  });
});
