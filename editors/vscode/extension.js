// The placebook extension for VS Code: runs `placebook lsp` for the markdown files of a
// folder that holds a placebook.yaml, so their front matter gets red underlines (the
// same problems `placebook build` reports), completion of fields and values, and hover
// help. All the knowledge is in the server; this file only starts it.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const command = vscode.workspace.getConfiguration('placebook').get('path') || 'placebook';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    // The server answers only for pages under a site's content/ folder.
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
  };
  client = new LanguageClient('placebook', 'placebook', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    vscode.window.showErrorMessage(
      `placebook: could not start \`${command} lsp\` (${err && err.message ? err.message : err}). ` +
        'Install placebook, or set "placebook.path" to the program.'
    );
    return;
  }
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
