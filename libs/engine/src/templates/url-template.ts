import { hasTemplateSyntax, templateError, type RenderedPiece, type TemplateLocation } from './template-engine';

type Region = 'base' | 'path' | 'query' | 'fragment';

/** A whole base URL given by one template at the start: `{{ credential.base_url }}/users`. */
const BASE_URL = /^https?:\/\/[^\s/?#\\@]+(\/[^\s?#\\]*)?$/i;
/** What a template inside the host may add: host name characters and a port. */
const HOST_PART = /^[\p{L}\p{N}._~-]*(:\d{1,5})?$/u;
const HAS_AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i;
const DOT_SEGMENTS = new Set(['.', '..']);

/**
 * Joins the rendered pieces of a URL template, escaping each template's output for where it
 * lands: path segments and query/fragment values are percent-encoded (so `a/b c` stays one
 * segment), a template opening the URL must give a whole base URL, and one inside the host may
 * only add host name characters (a value like `evil.com/` cannot move the request elsewhere).
 * Returns the normalised absolute http(s) URL.
 */
export function assembleUrl(pieces: readonly RenderedPiece[], location: TemplateLocation): string {
  const url = new UrlBuilder(location);
  for (const piece of pieces) {
    if (piece.templated) url.addValue(piece.text);
    else for (const char of piece.text) url.addLiteral(char);
  }
  return parseHttpUrl(url.finish(), location);
}

class UrlBuilder {
  private out = '';
  private region: Region = 'base';
  private baseFromTemplate = false;
  private segment = '';
  private segmentTemplated = false;

  constructor(private readonly location: TemplateLocation) {}

  addValue(value: string): void {
    switch (this.region) {
      case 'base':
        this.out += this.checkBaseValue(value);
        return;
      case 'path': {
        const encoded = encodeURIComponent(value);
        this.segment += encoded;
        this.segmentTemplated = true;
        this.out += encoded;
        return;
      }
      case 'query':
      case 'fragment':
        this.out += encodeURIComponent(value);
        return;
    }
  }

  addLiteral(char: string): void {
    const structural = char === '/' || char === '?' || char === '#';
    if (this.region === 'base' && structural && HAS_AUTHORITY.test(this.out)) {
      // `{{ credential.base_url }}/users` with a base URL ending in "/": no double slash.
      if (char === '/' && this.baseFromTemplate && this.out.endsWith('/')) this.out = this.out.slice(0, -1);
      this.region = char === '/' ? 'path' : char === '?' ? 'query' : 'fragment';
      this.out += char;
      return;
    }
    if (this.region === 'path' && structural) {
      this.endSegment();
      if (char !== '/') this.region = char === '?' ? 'query' : 'fragment';
    } else if (this.region === 'path') {
      this.segment += char;
    } else if (this.region === 'query' && char === '#') {
      this.region = 'fragment';
    }
    this.out += char;
  }

  finish(): string {
    if (this.region === 'path') this.endSegment();
    return this.out;
  }

  private endSegment(): void {
    if (this.segmentTemplated) {
      if (this.segment === '') throw templateError(this.location, 'a template renders an empty path segment (is a value missing?)');
      if (DOT_SEGMENTS.has(this.segment.replace(/%2e/gi, '.'))) {
        throw templateError(this.location, `a template renders the path segment "${this.segment}", which would change the URL's path`);
      }
    }
    this.segment = '';
    this.segmentTemplated = false;
  }

  private checkBaseValue(value: string): string {
    if (this.out === '') {
      if (!BASE_URL.test(value)) {
        throw templateError(
          this.location,
          'the template at the start of the URL must render a base URL like https://api.example.com (optionally with a path, no query)',
        );
      }
      this.baseFromTemplate = true;
      return value;
    }
    if (this.out.includes('://')) {
      if (!HOST_PART.test(value)) {
        throw templateError(
          this.location,
          "a template in the URL's host renders characters a host name cannot hold (only letters, digits, '.', '-', '_', '~' and a :port)",
        );
      }
      return value;
    }
    throw templateError(this.location, 'a template cannot build the URL scheme; start the URL with https:// or with a template giving the whole base URL');
  }
}

function parseHttpUrl(text: string, location: TemplateLocation): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw templateError(location, 'the URL is not a valid absolute URL (it must start with https:// or http://)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw templateError(location, `the URL must use http or https, not ${url.protocol.slice(0, -1)}`);
  }
  return url.href;
}

/** Save-time check of a URL template's literal parts: it must be, or start as, an http(s) URL. */
export function checkUrlLiteral(source: string, location: TemplateLocation): void {
  const trimmed = source.trim();
  if (trimmed === '') throw templateError(location, 'the URL is empty');
  if (!hasTemplateSyntax(trimmed)) {
    parseHttpUrl(trimmed, location);
    return;
  }
  const firstTemplate = Math.min(...['{{', '{%'].map((open) => trimmed.indexOf(open)).filter((at) => at >= 0));
  const prefix = trimmed.slice(0, firstTemplate);
  if (prefix !== '' && !/^https?:\/\//i.test(prefix)) {
    throw templateError(location, 'the URL must start with https:// or http:// (or with a template giving the whole base URL)');
  }
}

/** Appends `key=value` pairs to a URL's query, percent-encoding both (before any fragment). */
export function appendQuery(href: string, pairs: readonly (readonly [string, string])[]): string {
  if (pairs.length === 0) return href;
  const hashAt = href.indexOf('#');
  const head = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const hash = hashAt >= 0 ? href.slice(hashAt) : '';
  const encoded = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
  const separator = !head.includes('?') ? '?' : head.endsWith('?') || head.endsWith('&') ? '' : '&';
  return `${head}${separator}${encoded}${hash}`;
}
