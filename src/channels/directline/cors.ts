import type { RequestHandler } from 'express';

/**
 * Direct Line is called from any site that embeds the widget. Requests carry a bearer token, never
 * cookies, so any origin may call (as with Azure's Direct Line); preflights are answered here.
 */
export function openCors(methods = 'GET, POST, OPTIONS'): RequestHandler {
  return (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent');
    res.set('Access-Control-Allow-Methods', methods);
    res.set('Access-Control-Max-Age', '600');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
