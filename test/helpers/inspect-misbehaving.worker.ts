// A content inspector child that misbehaves on request (tests of files.inspect.ts): a file starting with "HANG"
// is never answered, one starting with "DIE" ends the process mid-inspection; anything else is inspected for real.
import { readFileSync } from 'node:fs';
import { inspectFile, serveInspections } from '../../src/modules/files/files.inspect.worker.ts';

serveInspections(async (request) => {
  const head = readFileSync(request.path).subarray(0, 4).toString('latin1');
  if (head === 'HANG') return new Promise(() => {});
  if (head.startsWith('DIE')) process.exit(3);
  return inspectFile(request.path, request.limits);
});
