// "Lookout: Scan image tarball…": runs `lookout scan --format json` on a chosen archive and
// shows the report (vulnerabilities, secrets, misconfigurations) in a webview.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

interface Vulnerability {
  id: string;
  package: string;
  version: string;
  fixed_version?: string | null;
  severity: string;
  title?: string;
}
interface Secret {
  rule: string;
  severity: string;
  path: string;
  line?: number;
  match?: string;
}
interface Misconfiguration {
  rule: string;
  severity: string;
  message: string;
}
interface ScanReport {
  artifact?: { name?: string };
  vulnerabilities?: Vulnerability[];
  secrets?: Secret[];
  misconfigurations?: Misconfiguration[];
  summary?: Record<string, number>;
}

export async function scanImageCommand(server: string, output: vscode.OutputChannel): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Scan',
    filters: { 'Image archives': ['tar', 'gz', 'tgz'], 'All files': ['*'] },
  });
  const file = picked?.[0];
  if (!file) {
    return;
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Lookout: scanning ${file.fsPath}` },
    () => runScan(server, file.fsPath, output),
  );
  if (!report) {
    return;
  }
  const panel = vscode.window.createWebviewPanel('lookout.scan', `Lookout: ${baseName(file.fsPath)}`, vscode.ViewColumn.Active, {
    enableScripts: false,
  });
  panel.webview.html = renderReport(file.fsPath, report);
}

function runScan(server: string, archive: string, output: vscode.OutputChannel): Promise<ScanReport | undefined> {
  return new Promise((resolve) => {
    execFile(server, ['scan', '--format', 'json', '--no-progress', archive], { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (stderr) {
        output.appendLine(stderr);
      }
      // `lookout scan` exits non-zero when it finds something; only unreadable JSON is an error.
      try {
        resolve(JSON.parse(stdout) as ScanReport);
      } catch {
        void vscode.window.showErrorMessage(`Lookout scan failed: ${stderr.trim() || error?.message || 'no output'}`);
        resolve(undefined);
      }
    });
  });
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderReport(archive: string, report: ScanReport): string {
  const rows = (items: string[][]): string => items.map((cells) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  const summary = Object.entries(report.summary ?? {})
    .map(([k, v]) => `${escapeHtml(k)}: ${v}`)
    .join(' · ');
  const vulns = rows((report.vulnerabilities ?? []).map((v) => [v.severity, v.id, v.package, v.version, v.fixed_version ?? '', v.title ?? '']));
  const secrets = rows((report.secrets ?? []).map((s) => [s.severity, s.rule, `${s.path}${s.line ? `:${s.line}` : ''}`, s.match ?? '']));
  const misconfig = rows((report.misconfigurations ?? []).map((m) => [m.severity, m.rule, m.message]));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border-bottom:1px solid var(--vscode-panel-border);padding:2px 8px;text-align:left}</style>
</head><body>
<h2>${escapeHtml(baseName(archive))}</h2><p>${summary}</p>
<h3>Vulnerabilities (${(report.vulnerabilities ?? []).length})</h3>
<table><tr><th>Severity</th><th>Id</th><th>Package</th><th>Version</th><th>Fixed in</th><th>Title</th></tr>${vulns}</table>
<h3>Secrets (${(report.secrets ?? []).length})</h3>
<table><tr><th>Severity</th><th>Rule</th><th>Where</th><th>Match</th></tr>${secrets}</table>
<h3>Misconfigurations (${(report.misconfigurations ?? []).length})</h3>
<table><tr><th>Severity</th><th>Rule</th><th>Message</th></tr>${misconfig}</table>
</body></html>`;
}
