// A throw-away certificate authority for the fake Azure servers of the tests and the benchmark, made at test
// time with openssl: the server certificate (for 127.0.0.1) is signed by a CA that the test processes trust
// through NODE_EXTRA_CA_CERTS, which Node reads only at start-up — so it is made before they start.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Creates the files and returns the environment the test processes need, and a clean-up function. */
export function prepareTestTls() {
  const dir = mkdtempSync(path.join(tmpdir(), 'itar-guard-tls-'));
  const f = (name) => path.join(dir, name);
  const run = (args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=ITAR Guard test CA', '-keyout', f('ca.key'), '-out', f('ca.pem')]);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', f('server.key'), '-out', f('server.csr')]);
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('server.ext'), '-out', f('server.pem')]);
  return {
    env: { NODE_EXTRA_CA_CERTS: f('ca.pem'), ITAR_GUARD_TEST_TLS_KEY: f('server.key'), ITAR_GUARD_TEST_TLS_CERT: f('server.pem') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
