import { ChatError, toChatError } from '../client/chat-error.js';
import type { SentFile } from '../client/object-string.js';
import type { CozeFile } from '../client/wire.js';

/** Where one attached file stands. */
export const UploadStatus = {
  uploading: 'uploading',
  done: 'done',
  error: 'error',
} as const;
export type UploadStatus = (typeof UploadStatus)[keyof typeof UploadStatus];

/** A file in the composer, on its way to Coze or there. */
export interface Attachment {
  /** A local id, unique per page. */
  readonly id: number;
  readonly file: File;
  readonly kind: 'image' | 'file';
  /** An object URL for an image's thumbnail. */
  readonly previewUrl?: string;
  status: UploadStatus;
  /** 0 to 1 while uploading. */
  progress: number;
  /** Coze's id for it, once uploaded. */
  fileId?: string;
  error?: ChatError;
  abort: AbortController;
}

/** What may be attached. */
export interface AttachmentLimits {
  /** The most files one message may carry. */
  maxFiles: number;
  /** The largest file, in bytes. */
  maxBytes: number;
  /** Accepted types, as an `accept` attribute lists them: MIME types, `type/*`, or `.ext`. */
  accept: string[];
}

/** Why a file was not taken; the view turns it into a sentence. */
export type Refusal = { reason: 'too-large' | 'type'; name: string } | { reason: 'too-many'; name: string; max: number };

/** Uploads one file, reporting progress; rejects with a {@link ChatError}. */
export type Uploader = (file: File, options: { signal: AbortSignal; onProgress: (fraction: number) => void }) => Promise<CozeFile>;

let attachmentCount = 0;

/** Whether `file` matches one of the `accept` patterns (none means anything goes). */
export function accepts(file: File, accept: string[]): boolean {
  if (!accept.length) return true;
  const type = file.type.toLowerCase();
  const name = file.name.toLowerCase();
  return accept.some((pattern) => {
    const p = pattern.trim().toLowerCase();
    if (p.startsWith('.')) return name.endsWith(p);
    if (p.endsWith('/*')) return type.startsWith(p.slice(0, -1));
    return p === type;
  });
}

/**
 * The files attached to the message being written: each is uploaded as soon as it is added, and
 * the message may go once all are uploaded. Plain data with callbacks: the element shows it.
 */
export class Attachments {
  items: Attachment[] = [];
  #upload: Uploader;
  #changed: () => void;

  constructor(upload: Uploader, changed: () => void) {
    this.#upload = upload;
    this.#changed = changed;
  }

  /** Whether some file is still uploading. */
  get uploading(): boolean {
    return this.items.some((item) => item.status === UploadStatus.uploading);
  }

  /** Whether some file failed (it must be retried or removed before sending). */
  get failed(): boolean {
    return this.items.some((item) => item.status === UploadStatus.error);
  }

  /** Take the files that fit the limits and start uploading them; returns those refused, and why. */
  add(files: Iterable<File>, limits: AttachmentLimits): Refusal[] {
    const refused: Refusal[] = [];
    for (const file of files) {
      if (this.items.length >= limits.maxFiles) refused.push({ reason: 'too-many', name: file.name, max: limits.maxFiles });
      else if (!accepts(file, limits.accept)) refused.push({ reason: 'type', name: file.name });
      else if (file.size > limits.maxBytes) refused.push({ reason: 'too-large', name: file.name });
      else this.#start(file);
    }
    this.#changed();
    return refused;
  }

  /** Try a failed upload again. */
  retry(item: Attachment): void {
    if (item.status !== UploadStatus.error) return;
    this.#start(item.file, item);
    this.#changed();
  }

  /** Take a file off the message (stopping its upload). */
  remove(item: Attachment): void {
    item.abort.abort();
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    this.items = this.items.filter((other) => other !== item);
    this.#changed();
  }

  /** The uploaded files, as the message being sent carries them. */
  uploaded(): SentFile[] {
    return this.items.flatMap((item) =>
      item.fileId ? [{ fileId: item.fileId, name: item.file.name, kind: item.kind, previewUrl: item.previewUrl }] : [],
    );
  }

  /** Empty the composer once its files were sent: their previews now belong to the sent message. */
  release(): void {
    this.items = [];
    this.#changed();
  }

  /** Drop everything (stopping uploads), as when the element goes away. */
  clear(): void {
    for (const item of [...this.items]) this.remove(item);
  }

  #start(file: File, previous?: Attachment): void {
    const kind = file.type.startsWith('image/') ? 'image' : 'file';
    const item: Attachment = {
      id: previous?.id ?? ++attachmentCount,
      file,
      kind,
      previewUrl: previous ? previous.previewUrl : kind === 'image' ? URL.createObjectURL(file) : undefined,
      status: UploadStatus.uploading,
      progress: 0,
      abort: new AbortController(),
    };
    this.items = previous ? this.items.map((other) => (other === previous ? item : other)) : [...this.items, item];
    const signal = item.abort.signal;
    this.#upload(file, {
      signal,
      onProgress: (fraction) => {
        item.progress = fraction;
        this.#changed();
      },
    }).then(
      (uploaded) => {
        if (signal.aborted) return;
        Object.assign(item, { status: UploadStatus.done, progress: 1, fileId: uploaded.id });
        this.#changed();
      },
      (error: unknown) => {
        if (signal.aborted) return;
        item.status = UploadStatus.error;
        item.error = toChatError(error);
        this.#changed();
      },
    );
  }
}
