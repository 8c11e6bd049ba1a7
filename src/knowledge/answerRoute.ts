import express, { Router } from 'express';
import { z } from 'zod';
import type { BotRuntime } from '../bot/runtime';
import { toTraditional } from '../nlu/script';
import { localeSchema } from './topicSchema';

/** Questions longer than this are not questions a person typed into a chat. */
const MAX_QUESTION_CHARS = 2000;

const answerRequestSchema = z.strictObject({
  text: z.string().trim().min(1, 'text must not be empty').max(MAX_QUESTION_CHARS, `text must be at most ${MAX_QUESTION_CHARS} characters`),
  locale: localeSchema.optional(),
});

/** POST /api/answer: the bot's recognizer and search as an API, without side effects (DESIGN.md). */
export function answerRouter(runtime: Pick<BotRuntime, 'answers'>): Router {
  const router = Router();
  router.post('/', express.json({ limit: '16kb', strict: true }), (req, res) => {
    if (req.headers['content-length'] === '0') {
      res.status(400).json({ error: { status: 400, message: 'The request body is empty; send {"text": "..."}.' } });
      return;
    }
    if (!req.is('application/json')) {
      res.status(415).json({ error: { status: 415, message: 'Send the question as application/json: {"text": "..."}.' } });
      return;
    }
    const parsed = answerRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      res.status(400).json({ error: { status: 400, message } });
      return;
    }
    const result = runtime.answers.answer(parsed.data.text, { locale: parsed.data.locale });
    // A question in Traditional Chinese is answered in Traditional Chinese.
    const inScript = result.script === 'traditional' ? toTraditional : (text: string) => text;
    res.json({
      intent: result.intent,
      locale: result.locale,
      ...(result.script ? { script: result.script } : {}),
      ...(result.safety ? { safety: result.safety } : {}),
      ...(result.answer !== undefined ? { answer: inScript(result.answer) } : {}),
      sources: result.sources.map((s) => ({ ...s, title: inScript(s.title) })),
    });
  });
  return router;
}
