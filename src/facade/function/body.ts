// What function mode accepts as a request body: at most 1 MiB (spec/003) of
// JSON in UTF-8 (application/json only). The body is read and its media type
// checked by the shared plumbing (src/shared/http/), which enforces the limit
// while reading.

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
