import type { Response } from 'express';

/**
 * Direct Line's error codes as its API reference names them where it names one (TokenExpired,
 * BadArgument, BotError, ...); the rest follow the same style. Clients key off the HTTP status:
 * DirectLineJS treats 403 as "token expired" and 404 as "conversation ended".
 */
export type DirectLineErrorCode =
  | 'BadArgument'
  | 'BadSyntax'
  | 'MissingProperty'
  | 'Unauthorized'
  | 'TokenExpired'
  | 'TokenInvalid'
  | 'Forbidden'
  | 'NotFound'
  | 'MessageSizeTooBig'
  | 'UploadNotSupported'
  | 'TooManyRequests'
  | 'BotError'
  | 'ServiceError'
  | 'ServiceUnavailable';

/** A failed Direct Line request; rendered as `{ error: { code, message } }` with `status`. */
export class DirectLineError extends Error {
  constructor(
    readonly status: number,
    readonly code: DirectLineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DirectLineError';
  }
}

export function sendError(res: Response, error: DirectLineError): void {
  if (res.headersSent) return;
  res.status(error.status).json({ error: { code: error.code, message: error.message } });
}
