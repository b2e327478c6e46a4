// Which `lookout` binary to start: the `lookout.path` setting, else the binary bundled in
// this platform's .vsix, else `lookout` on PATH.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ServerLocation {
  command: string;
  source: 'setting' | 'bundled' | 'PATH';
}

export function bundledServerPath(extensionPath: string): string {
  const exe = process.platform === 'win32' ? 'lookout.exe' : 'lookout';
  return path.join(extensionPath, 'server', `${process.platform}-${process.arch}`, exe);
}

export function resolveServer(configured: string | null | undefined, extensionPath: string): ServerLocation {
  if (configured && configured.trim() !== '') {
    return { command: configured, source: 'setting' };
  }
  const bundled = bundledServerPath(extensionPath);
  if (isExecutable(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  return { command: 'lookout', source: 'PATH' };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
