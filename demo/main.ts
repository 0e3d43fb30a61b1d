import '../src/index.js';
import type { CozeRequiresActionDetail } from '../src/index.js';

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
  const chat = document.getElementById(id);
  // The full-screen page has the floating widget's bot alone.
  if (!chat) continue;
  const settings = __DEMO__[id];
  if (!settings) {
    // A real Coze without a chatflow or workflow configured: nothing to show there.
    chat.closest('section')?.remove();
    continue;
  }
  for (const [key, name] of attributes) if (settings[key]) chat.setAttribute(name, settings[key]!);
}

const source = document.getElementById('source');
if (source)
  source.textContent = __DEMO__.real
    ? 'The widgets talk to a real Coze through this server’s proxy.'
    : 'The widgets talk to the local Coze API emulator: no account, no network.';

// Page context: what the bot can know about this page, sent with every chat.
for (const chat of document.querySelectorAll('coze-chat')) chat.parameters = { page: location.pathname, plan: 'demo' };

// Tools the page runs itself: the bot asks for the visitor's local time.
document.addEventListener('coze-requires-action', (event) => {
  const { toolCalls, respond } = (event as CustomEvent<CozeRequiresActionDetail>).detail;
  event.preventDefault();
  respond(
    toolCalls.map((call) => ({
      tool_call_id: call.id,
      output: call.function.name === 'get_local_time' ? new Date().toLocaleString() : `this page has no function ${call.function.name}`,
    })),
  );
});

// Theme, language and launcher position for every widget on the page.
const settings = document.querySelector<HTMLFormElement>('form.settings');
settings?.addEventListener('change', (event) => {
  const { name, value } = event.target as HTMLSelectElement;
  for (const chat of document.querySelectorAll('coze-chat')) chat.setAttribute(name, value);
  if (name === 'theme')
    document.body.classList.toggle('dark', value === 'dark' || (value === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches));
});
