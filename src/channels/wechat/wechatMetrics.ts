import { Counter } from 'prom-client';
import { registry } from '../../observability/metrics';

/** How pushes were answered: passive, success then customer service, a retry, or refused (by status). */
export const wechatPushCounter = new Counter({
  name: 'wechat_pushes_total',
  help: 'WeChat pushes by how they were answered',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
