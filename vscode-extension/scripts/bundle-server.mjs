// Copies the lookout binary into server/<platform>-<arch>/ so `vsce package --target`
// ships it (the executable bit survives inside the .vsix). The binary comes from
// $LOOKOUT_BIN, else the workspace's release build.
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.env.LOOKOUT_BIN ?? resolve(here, '../../target/release/lookout');
if (!existsSync(source)) {
  console.error(`bundle-server: no lookout binary at ${source} (set LOOKOUT_BIN or run cargo build --release -p lookout_cli)`);
  process.exit(1);
}
const exe = process.platform === 'win32' ? 'lookout.exe' : 'lookout';
const targetDir = resolve(here, '..', 'server', `${process.platform}-${process.arch}`);
mkdirSync(targetDir, { recursive: true });
copyFileSync(source, join(targetDir, exe));
chmodSync(join(targetDir, exe), 0o755);
console.log(`bundle-server: ${source} -> ${join(targetDir, exe)}`);
