/** The product version, sent in User-Agent headers (Conduit-Webhooks/<version>, Conduit-Actions/<version>). */
export const VERSION = '0.1.0';
