// Every event the backend pushes to the UI, with the schema of its payload.

import { z } from './z.js';
import { FusionDoneEvent, FusionFailedEvent, FusionProgressEvent, FusionSearchEvent } from './schemas/fusion.js';
import { ProjectChangedEvent } from './schemas/project.js';
import { WatchEvent } from './schemas/watch.js';
import { SweepDoneEvent, SweepProgressEvent } from './schemas/sweep.js';

export const EVENTS = {
  /** One iteration of a fusion job, with a downsampled preview every few iterations. */
  'fusion.progress': FusionProgressEvent,
  /** A validation fusion of the λ search, while λ are chosen from the data. */
  'fusion.search': FusionSearchEvent,
  'fusion.done': FusionDoneEvent,
  /** Failed or cancelled. */
  'fusion.failed': FusionFailedEvent,
  'watch.event': WatchEvent,
  'project.changed': ProjectChangedEvent,
  /** A sweep cell finished. */
  'sweep.progress': SweepProgressEvent,
  /** A sweep's run ended: complete, cancelled, or stopped by a failure. */
  'sweep.done': SweepDoneEvent,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof EVENTS;

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** One event as it travels: its name and payload. */
export type ApiEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/** The event with its payload validated (unknown fields dropped), or a sentence saying what is wrong. */
export function checkEvent(raw: unknown): { ok: true; event: ApiEvent } | { ok: false; problem: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, problem: 'an event must be an object' };
  const { event, payload } = raw as { event?: unknown; payload?: unknown };
  if (!isEventName(event)) return { ok: false, problem: `unknown event ${JSON.stringify(String(event)).slice(0, 80)}` };
  const parsed = EVENTS[event].safeParse(payload);
  if (!parsed.success) return { ok: false, problem: `${event}: ${describeIssues(parsed.error)}` };
  return { ok: true, event: { event, payload: parsed.data } as ApiEvent };
}

/** zod's issues as one line: `path: message; ...` (the first few). */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  const shown = error.issues.slice(0, 5).map((i) => {
    const path = [prefix, ...i.path.map(String)].filter((s) => s !== '').join('.');
    return path ? `${path}: ${i.message}` : i.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more` : '');
}
