const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

interface DutyWindow {
  days: Set<number>;
  /** Minutes after midnight, start inclusive, end exclusive. */
  start: number;
  end: number;
}

export class HoursError extends Error {}

/**
 * When agents are on duty, in one time zone: `Mon-Fri 09:00-18:00, Sat 10:00-16:00`. No windows
 * means always on duty. Outside them a hand-off still joins the queue and is answered later.
 */
export class DutyHours {
  private constructor(
    private readonly windows: DutyWindow[],
    private readonly timeZone: string,
    readonly text: string,
  ) {}

  static parse(spec: string | undefined, timeZone: string): DutyHours {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
    } catch {
      throw new HoursError(`HANDOFF_TIMEZONE: "${timeZone}" is not a time zone`);
    }
    const text = spec?.trim() ?? '';
    if (!text) return new DutyHours([], timeZone, '');
    const windows = text.split(',').map((part) => parseWindow(part.trim()));
    return new DutyHours(windows, timeZone, text);
  }

  get always(): boolean {
    return this.windows.length === 0;
  }

  onDuty(at: number): boolean {
    if (this.always) return true;
    const { day, minute } = this.localTime(at);
    return this.windows.some((w) => w.days.has(day) && minute >= w.start && minute < w.end);
  }

  private localTime(at: number): { day: number; minute: number } {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(at));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const day = DAYS.indexOf(get('weekday') as (typeof DAYS)[number]);
    return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
  }
}

function parseWindow(part: string): DutyWindow {
  const match = /^(?:([A-Za-z]{3})(?:-([A-Za-z]{3}))?\s+)?(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(part);
  if (!match) throw new HoursError(`HANDOFF_HOURS: "${part}" is not like "Mon-Fri 09:00-18:00"`);
  const [, from, to, sh, sm, eh, em] = match;
  const start = Number(sh) * 60 + Number(sm);
  const end = Number(eh) * 60 + Number(em);
  if (start >= end || end > 24 * 60) throw new HoursError(`HANDOFF_HOURS: "${part}" does not end after it starts on the same day`);
  return { days: dayRange(from, to, part), start, end };
}

function dayRange(from: string | undefined, to: string | undefined, part: string): Set<number> {
  if (!from) return new Set(DAYS.keys());
  const index = (name: string) => {
    const i = DAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new HoursError(`HANDOFF_HOURS: "${name}" in "${part}" is not a day (Mon..Sun)`);
    return i;
  };
  const first = index(from);
  const last = to ? index(to) : first;
  const days = new Set<number>();
  for (let d = first; ; d = (d + 1) % 7) {
    days.add(d);
    if (d === last) break;
  }
  return days;
}
