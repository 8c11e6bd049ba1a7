import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { actionValueSchema, type ActionValue } from '../../../dialogs/actionValues';

/** The menu file in the repo that `npm run wechat:menu` sends to WeChat. */
export const MENU_FILE = fileURLToPath(new URL('./menu.json', import.meta.url));

/** A CLICK button's key names what it does: `topic:<topic id>` or `intent:<intent>`. */
const clickKey = z
  .string()
  .max(128)
  .regex(/^(topic|intent):[a-z0-9.-]+$/, 'a click key is topic:<id> or intent:<intent>');

const clickButton = z.object({ type: z.literal('click'), name: z.string().min(1).max(60), key: clickKey });
const viewButton = z.object({ type: z.literal('view'), name: z.string().min(1).max(60), url: z.url() });
const leafButton = z.discriminatedUnion('type', [clickButton, viewButton]);

/** WeChat's custom menu: up to 3 buttons, each a button or up to 5 sub-buttons. */
export const menuSchema = z.object({
  button: z
    .array(z.union([leafButton, z.object({ name: z.string().min(1).max(60), sub_button: z.array(leafButton).min(1).max(5) })]))
    .min(1)
    .max(3),
});
export type WeChatMenu = z.infer<typeof menuSchema>;

/** The menu file, checked, with every click key mapping to an action the bot understands. */
export function loadMenu(file = MENU_FILE): WeChatMenu {
  const menu = menuSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const button of menu.button.flatMap((b) => ('sub_button' in b ? b.sub_button : [b]))) {
    if (button.type === 'click' && !menuAction(button.key)) throw new Error(`Menu button "${button.name}": key "${button.key}" names no topic or intent the bot knows.`);
  }
  return menu;
}

/** What a menu click means to the bot, as if the person had tapped a button with that value. */
export function menuAction(key: string | undefined): ActionValue | undefined {
  const match = /^(topic|intent):(.+)$/.exec(key ?? '');
  if (!match) return undefined;
  const parsed = actionValueSchema.safeParse(match[1] === 'topic' ? { action: 'topic', topicId: match[2] } : { action: 'intent', intent: match[2] });
  return parsed.success ? parsed.data : undefined;
}
