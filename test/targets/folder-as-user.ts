// Child process of folder-target.test.ts, run as an unprivileged user: opens the folder
// target given as argv[2], stages and commits a small CTL, and prints the outcome as JSON
// (the error's code, change and message, or the commit result).
import { openTarget, TargetError, type PublishTarget } from '../../electron/services/targets';

const root = process.argv[2];
if (!root) throw new Error('usage: folder-as-user.ts <folder>');
let target: PublishTarget | null = null;
try {
  target = await openTarget(root);
  const current = await target.getCtl();
  const staged = await target.stage(new TextEncoder().encode('new CTL bytes'));
  const result = await target.commit(staged.stageId, current.sha256);
  process.stdout.write(`${JSON.stringify({ ok: true, result })}\n`);
} catch (error) {
  if (!(error instanceof TargetError)) throw error;
  process.stdout.write(`${JSON.stringify({ ok: false, code: error.code, changed: error.changed, message: error.message })}\n`);
} finally {
  await target?.close();
}
