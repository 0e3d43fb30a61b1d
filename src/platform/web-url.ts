/** Whether `url` is an absolute `http:` or `https:` address: the only links an answer's content may carry out. */
export const isWebUrl = (url: unknown): url is string => typeof url === 'string' && /^https?:\/\//i.test(url.trim());
