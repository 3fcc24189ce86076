/**
 * The mocha suite that runs inside the VS Code extension host (the standard `extensionTestsPath` module: `run()`
 * resolves when every test passed). The same module runs under code-server and under @vscode/test-electron.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The test modules use mocha's globals: install them before loading the modules.
  mocha.suite.emit('pre-require', globalThis, 'itar-guard-e2e', mocha);
  await import('./diagnostics.e2e');
  await import('./code-actions.e2e');
  await import('./cross-file.e2e');
  await import('./formats.e2e');
  await import('./views.e2e');
  await import('./configuration.e2e');
  await import('./performance.e2e');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures) throw new Error(`${failures} end-to-end test(s) failed`);
}
