import type { Locale } from '../../src/knowledge/topicSchema';
import { translator } from '../strings';

/** Every line the hand-off says to the person, in both languages. Placeholders are {name}. */
const STRINGS = {
  queued: {
    'zh-CN': '好的，我已为你转接人工客服，客服人员会在这里回复你。你现在排在第 {position} 位。等待期间你仍可以继续问我问题。',
    en: "OK, I'm passing you to a human agent, who will reply here. You are number {position} in the queue. While you wait, you can still ask me questions.",
  },
  queuedUrgent: {
    'zh-CN': '我已把你的情况标为紧急，人工客服会优先处理，你现在排在第 {position} 位。请先按上面的安全提示操作。',
    en: "I've marked this as urgent, so a human agent will take it first. You are number {position} in the queue. Please follow the safety steps above meanwhile.",
  },
  outsideHours: {
    'zh-CN': '现在不是人工客服的工作时间（{hours}）。你的请求已经留在队列里，客服上班后会在这里回复你，不用重新发起。等待期间你仍可以继续问我问题。',
    en: "No human agent is on duty right now (hours: {hours}). Your request stays in the queue and an agent will reply here when they are back; you don't need to ask again. Meanwhile you can still ask me questions.",
  },
  alreadyQueued: {
    'zh-CN': '你已经在排队等待人工客服了，现在排在第 {position} 位。',
    en: "You're already in the queue for a human agent, at number {position}.",
  },
  alreadyWithAgent: {
    'zh-CN': '人工客服正在为你服务，请直接在这里留言。',
    en: 'A human agent is already with you; just write here.',
  },
  cancelRequest: { 'zh-CN': '取消人工请求', en: 'Cancel the request' },
  cancelled: {
    'zh-CN': '好的，已取消人工客服请求。有问题可以继续问我。',
    en: "OK, I've cancelled the request for a human agent. Ask me anything meanwhile.",
  },
  nothingToCancel: {
    'zh-CN': '目前没有在等待的人工请求。',
    en: "There's no request for a human agent waiting.",
  },
  agentJoined: {
    'zh-CN': '人工客服 {agent} 已接入，接下来由 TA 为你服务。',
    en: '{agent} from our support team has joined and will help you from here.',
  },
  handedBack: {
    'zh-CN': '人工客服已结束本次服务，接下来由我继续为你解答。这次人工服务对你有帮助吗？',
    en: "The agent has finished; I'm back to answer your questions. Did the agent help you?",
  },
  closedByAgent: {
    'zh-CN': '人工客服已结束本次会话。这次人工服务对你有帮助吗？',
    en: 'The agent has closed this conversation. Did the agent help you?',
  },
  rateHelpful: { 'zh-CN': '👍 有帮助', en: '👍 Helpful' },
  rateNotHelpful: { 'zh-CN': '👎 没帮助', en: '👎 Not helpful' },
  ratingThanks: {
    'zh-CN': '谢谢你的评价！',
    en: 'Thanks for rating the help!',
  },
  alwaysOnDuty: { 'zh-CN': '全天', en: 'around the clock' },
} as const;

export type HandoffStringKey = keyof typeof STRINGS;

export const ht: (key: HandoffStringKey, locale: Locale, params?: Record<string, string | number>) => string = translator(STRINGS);
