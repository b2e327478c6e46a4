// Lookout for VS Code: starts `lookout lsp` with vscode-languageclient, shows its state in
// the status bar, and adds the scan / show rule / restart commands.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { scanImageCommand } from './scanView';
import { resolveServer, ServerLocation } from './serverPath';

const DEPENDENCY_FILES = '**/{package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml,requirements*.txt,poetry.lock,Cargo.lock,go.mod,pom.xml,Gemfile.lock,composer.lock}';

let client: LanguageClient | undefined;
let statusBar: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;

interface RuleDocs {
  code: string;
  name: string;
  markdown: string;
  url: string;
}

function serverSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('lookout');
  return {
    rules: config.get('rules', {}),
    disable: config.get('disable', []),
    db: config.get<string | null>('db', null),
    useConfigFile: config.get('useConfigFile', true),
    debounceMs: config.get('debounceMs', 60),
  };
}

function location(context: vscode.ExtensionContext): ServerLocation {
  return resolveServer(vscode.workspace.getConfiguration('lookout').get<string | null>('path', null), context.extensionPath);
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const server = location(context);
  output.appendLine(`Starting ${server.command} lsp (from ${server.source})`);
  const serverOptions: ServerOptions = {
    run: { command: server.command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command: server.command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}*' },
      { scheme: 'file', pattern: '**/*.{dockerfile,Dockerfile,containerfile}' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: DEPENDENCY_FILES },
      { scheme: 'untitled', language: 'dockerfile' },
    ],
    synchronize: {
      configurationSection: 'lookout',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{lookout.toml,.hadolint.yaml,.hadolint.yml,index.json}'),
    },
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: output,
  };
  return new LanguageClient('lookout', 'Lookout', serverOptions, clientOptions);
}

function showState(state: State, detail?: string): void {
  switch (state) {
    case State.Running:
      statusBar.text = '$(shield) Lookout';
      statusBar.tooltip = detail ?? 'Lookout language server running — click for the log';
      statusBar.backgroundColor = undefined;
      break;
    case State.Starting:
      statusBar.text = '$(sync~spin) Lookout';
      statusBar.tooltip = 'Lookout language server starting';
      break;
    case State.Stopped:
      statusBar.text = '$(error) Lookout';
      statusBar.tooltip = detail ?? 'Lookout language server stopped — click for the log';
      statusBar.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      break;
  }
  statusBar.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  client = createClient(context);
  client.onDidChangeState((event) => showState(event.newState));
  showState(State.Starting);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`Lookout server failed to start: ${message}`);
    showState(State.Stopped, `Lookout server failed to start: ${message}`);
    void vscode.window.showErrorMessage(`Lookout: could not start the server (${message}). Set "lookout.path" to the lookout binary.`);
  }
}

async function showRule(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const underCursor = editor ? editor.document.getText(editor.document.getWordRangeAtPosition(editor.selection.active, /[A-Za-z]{2,4}-?\d{3,4}/)) : '';
  const code = await vscode.window.showInputBox({ prompt: 'Rule code or alias (DL3007, LKK002, KSV-0017, DS001…)', value: underCursor });
  if (!code || !client) {
    return;
  }
  const docs = await client.sendRequest<RuleDocs | null>('lookout/ruleDocs', { code });
  if (!docs) {
    void vscode.window.showWarningMessage(`Lookout: no rule answers to "${code}".`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: docs.markdown });
  await vscode.commands.executeCommand('markdown.showPreview', document.uri);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Lookout', { log: true });
  statusBar = vscode.window.createStatusBarItem('lookout.status', vscode.StatusBarAlignment.Right, 100);
  statusBar.name = 'Lookout';
  statusBar.command = 'lookout.showOutput';
  context.subscriptions.push(
    output,
    statusBar,
    vscode.commands.registerCommand('lookout.showOutput', () => output.show()),
    vscode.commands.registerCommand('lookout.showRule', showRule),
    vscode.commands.registerCommand('lookout.scanImage', () => scanImageCommand(location(context).command, output)),
    vscode.commands.registerCommand('lookout.restartServer', async () => {
      if (client) {
        await client.stop();
      }
      await startClient(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // A new binary needs a new process; other settings reach the server as
      // workspace/didChangeConfiguration through `synchronize.configurationSection`.
      if (event.affectsConfiguration('lookout.path')) {
        await vscode.commands.executeCommand('lookout.restartServer');
      }
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
