import { html, nothing, type TemplateResult } from 'lit';
import type { LauncherStrings } from '../i18n/strings.js';
import { CHAT_ICON, icon } from '../view/launcher-icon.js';
import type { LayoutController } from './layout-controller.js';
import type { PanelLoaderController } from './panel-loader-controller.js';

/**
 * What the element draws: the launcher (floating only), and the panel, or until its code has
 * arrived an empty frame of the same size, which says so when the code could not be fetched.
 */
export function shellView(
  layout: Pick<LayoutController, 'floating' | 'shown' | 'coversScreen' | 'panelClass'>,
  loader: Pick<PanelLoaderController, 'panel' | 'loadFailed' | 'preload' | 'retry'>,
  texts: LauncherStrings,
  title: string,
  toggle: () => void,
): TemplateResult {
  const { shown } = layout;
  const { panel, loadFailed } = loader;
  const label = shown ? texts.closeChat : texts.openChat;
  // One line each: the first load carries these templates as they are written, spaces included.
  const launcher = html`<button part="launcher" class="launcher" aria-label=${label} title=${label} aria-expanded=${shown} aria-controls="panel" ?hidden=${layout.coversScreen} @click=${toggle} @pointerenter=${loader.preload} @focus=${loader.preload}>${icon(CHAT_ICON)}</button>`;
  const failure = html`<div class="panel-status" part="error" role="alert"><p>${texts.panelFailed}</p><button type="button" @click=${loader.retry}>${texts.retry}</button></div>`;
  const frame = html`<section id="panel" part="panel" class=${layout.panelClass} aria-label=${title || texts.defaultTitle} aria-busy=${!loadFailed} ?hidden=${!shown}>${loadFailed ? failure : nothing}</section>`;
  return html`${layout.floating ? launcher : nothing}${panel ? panel.render(!shown) : frame}`;
}
