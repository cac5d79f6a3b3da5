// Handlers that write or show files for the window: the run report (the host's Save dialog,
// atomic write of the Markdown and its JSON twin), "Show in folder" for the report saved last,
// a certificate exported as PEM, and the cluster's current CTL opened in the inspector. The
// page never names a path: main chooses it through its dialog and remembers what it wrote.
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { pemFromBase64 } from '../../shared/ipc/pem';
import { PRIVATE_FILE, writeFileAtomic } from '../../shared/node/atomic-write';
import { isX509Certificate } from '../../shared/node/certificate-facts';
import type { Handlers } from './dispatch';
import { AppError } from './errors';
import { inspectFile } from './inspect';
import type { HostPort, SessionPort } from './ports';

type FileHandlers = Pick<Handlers, 'report.save' | 'report.reveal' | 'certificate.savePem' | 'inspector.openCurrent'>;

/** A file name from a certificate's name: letters, digits, dot, dash and underscore only. */
export function pemFileName(name: string): string {
  const safe = name.replace(/^CN=/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '').slice(0, 80);
  return `${safe || 'certificate'}.pem`;
}

export function fileHandlers(session: () => SessionPort, host: HostPort): FileHandlers {
  let savedReport: string | null = null;
  return {
    'report.save': async () => {
      const done = session().snapshot().done;
      if (!done) throw new AppError('no-report', 'There is no report yet: the run has not finished.');
      const stamp = done.report.finishedAt.replace(/[:.]/g, '-');
      const path = await host.chooseReportPath(`ctl-report-${stamp}.md`);
      if (path === null) return { path: null };
      await writeFileAtomic(path, done.reportMarkdown, PRIVATE_FILE);
      await writeFileAtomic(path.replace(/(\.md)?$/i, '.json'), `${JSON.stringify(done.report, null, 2)}\n`, PRIVATE_FILE);
      savedReport = path;
      return { path };
    },
    'report.reveal': async () => {
      if (savedReport === null) throw new AppError('no-saved-report', 'No report has been saved in this window yet: save it first.');
      const path = savedReport;
      try {
        await stat(path);
      } catch {
        throw new AppError('saved-report-missing', `${basename(path)} is no longer in ${dirname(path)}: it was moved or deleted. Save the report again.`);
      }
      const shown = host.showInFolder ? await host.showInFolder(path) : false;
      return { shown, folder: dirname(path) };
    },
    'certificate.savePem': async ({ der, name }) => {
      const bytes = new Uint8Array(Buffer.from(der, 'base64'));
      if (!isX509Certificate(bytes)) {
        throw new AppError('not-a-certificate', 'These bytes are not an X.509 certificate; nothing was saved.');
      }
      if (!host.chooseCertificatePath) throw new AppError('dialog-unsupported', 'This window cannot show a Save dialog.');
      const path = await host.chooseCertificatePath(pemFileName(name));
      if (path === null) return { path: null };
      await writeFileAtomic(path, pemFromBase64(Buffer.from(bytes).toString('base64')), PRIVATE_FILE);
      return { path };
    },
    'inspector.openCurrent': async () => {
      const bytes = session().currentCtl?.() ?? null;
      if (!bytes) {
        const connected = session().snapshot().cluster !== null;
        throw new AppError(
          connected ? 'no-current-ctl' : 'not-connected',
          connected ? 'The cluster has no CTL yet (it is in non-secure mode and never had one).' : 'Connect to the cluster in the wizard first: its current CTL is read from the first node.',
        );
      }
      return inspectFile('CTLFile.tlv', bytes);
    },
  };
}
