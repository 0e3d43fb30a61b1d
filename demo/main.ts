import '../src/index.js';

interface WidgetSettings {
  apiBase: string;
  botId: string;
  tokenEndpoint?: string;
}

declare const __DEMO__: { real: boolean; floating: WidgetSettings; inline: WidgetSettings };

function configure(id: string, settings: WidgetSettings): void {
  const chat = document.getElementById(id)!;
  chat.setAttribute('api-base', settings.apiBase);
  chat.setAttribute('bot-id', settings.botId);
  if (settings.tokenEndpoint) chat.setAttribute('token-endpoint', settings.tokenEndpoint);
}

configure('floating', __DEMO__.floating);
configure('inline', __DEMO__.inline);
document.getElementById('source')!.textContent = __DEMO__.real
  ? 'Both widgets talk to a real Coze through this server’s proxy.'
  : 'Both widgets talk to the local Coze API emulator: no account, no network.';
