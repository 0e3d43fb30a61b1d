import '../src/index.js';

interface WidgetSettings {
  apiBase: string;
  botId?: string;
  tokenEndpoint?: string;
  workflowId?: string;
  appId?: string;
}

declare const __DEMO__: { real: boolean } & Record<'floating' | 'bot' | 'chatflow' | 'workflow', WidgetSettings | undefined>;

const attributes: [keyof WidgetSettings, string][] = [
  ['apiBase', 'api-base'],
  ['botId', 'bot-id'],
  ['tokenEndpoint', 'token-endpoint'],
  ['workflowId', 'workflow-id'],
  ['appId', 'app-id'],
];

for (const id of ['floating', 'bot', 'chatflow', 'workflow'] as const) {
  const chat = document.getElementById(id)!;
  const settings = __DEMO__[id];
  if (!settings) {
    // A real Coze without a chatflow or workflow configured: nothing to show there.
    chat.closest('section')?.remove();
    continue;
  }
  for (const [key, name] of attributes) if (settings[key]) chat.setAttribute(name, settings[key]!);
}

document.getElementById('source')!.textContent = __DEMO__.real
  ? 'The widgets talk to a real Coze through this server’s proxy.'
  : 'The widgets talk to the local Coze API emulator: no account, no network.';
