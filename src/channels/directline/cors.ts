import type { RequestHandler } from 'express';

const DEFAULT_ALLOWED_HEADERS = 'Authorization, Content-Type, x-ms-bot-agent, X-Requested-With';

/**
 * Direct Line is called from any site that embeds the widget. Requests carry a bearer token, never
 * cookies, so any origin may call (as with Azure's Direct Line); preflights are answered here. The
 * headers a preflight asks for are allowed as asked: clients add their own (DirectLineJS's rxjs
 * sends X-Requested-With), and without credentials no header can widen what a caller may do.
 */
export function openCors(methods = 'GET, POST, OPTIONS'): RequestHandler {
  return (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? DEFAULT_ALLOWED_HEADERS);
    res.set('Access-Control-Allow-Methods', methods);
    res.set('Access-Control-Max-Age', '600');
    res.vary('Access-Control-Request-Headers');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
