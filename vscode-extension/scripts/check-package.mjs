// Checks the packaged .vsix: the bundle, the manifest with its commands and settings, and
// the bundled server binary with its executable bit (what VS Code will start).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const vsix = resolve(here, '..', process.argv[2] ?? 'lookout-linux-x64.vsix');
assert.ok(existsSync(vsix), `${vsix} missing: run npm run package first`);
// A .vsix is a zip; Python's zipfile reads the Unix mode from the external attributes.
const listing = JSON.parse(
  execFileSync('python3', ['-c', `import json,sys,zipfile
z=zipfile.ZipFile(sys.argv[1])
print(json.dumps({i.filename:(i.external_attr>>16)&0o777 for i in z.infolist()}))`, vsix]).toString(),
);
for (const required of ['extension/package.json', 'extension/dist/extension.js', 'extension/readme.md', 'extension.vsixmanifest']) {
  assert.ok(required in listing, `${required} not in the .vsix: ${Object.keys(listing).join(', ')}`);
}
const server = 'extension/server/linux-x64/lookout';
assert.ok(server in listing, `bundled server missing from the .vsix`);
assert.equal(listing[server] & 0o111, 0o111, `bundled server is not executable (mode ${listing[server].toString(8)})`);
assert.ok(!Object.keys(listing).some((f) => f.startsWith('extension/src/') || f.startsWith('extension/node_modules/')), 'sources or node_modules shipped');

const manifest = JSON.parse(readFileSync(resolve(here, '..', 'package.json'), 'utf8'));
const commands = manifest.contributes.commands.map((c) => c.command).sort();
assert.deepEqual(commands, ['lookout.restartServer', 'lookout.scanImage', 'lookout.showRule']);
for (const key of ['lookout.path', 'lookout.rules', 'lookout.disable', 'lookout.db']) {
  assert.ok(manifest.contributes.configuration.properties[key]?.markdownDescription, `${key} undocumented`);
}
const bundle = readFileSync(resolve(here, '..', 'dist/extension.js'), 'utf8');
assert.ok(bundle.includes('lookout/ruleDocs') && bundle.includes('LanguageClient'), 'bundle lacks the client');
console.log(`ok: ${vsix} (${Object.keys(listing).length} entries, server executable)`);
