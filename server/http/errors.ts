/** An error that carries the HTTP status and a message safe to show the caller. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 426 | 429 | 500 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
