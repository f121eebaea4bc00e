/**
 * Replying to a flag: the answer is a new flag addressed to the flag's source and chained to
 * it, and the question is completed with a note that names the answer.
 */
import { asFlagstoreError } from '../core/errors.js';
import { sanitize } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';
import type { LostLock } from '../sync/lost-locks.js';
import { createFlag, transitionFlag, type CreateInput } from './flags.js';
import { idForWrite, publisherFor } from './synced-write.js';
import { requireIdentity, type Workspace } from './workspace.js';

/** What a reply says, and optionally its type, impact and action text. */
export interface ReplyInput {
  /** The flag answered (full id, or a unique start or end of it). */
  id: string;
  agent: string | null;
  /** The answer (the reply's change description, at least 50 characters). */
  answer: string;
  action?: string | undefined;
  flagType?: string | undefined;
  impact?: string | undefined;
  /** Leave the question pending (by default a pending question is completed). */
  keepOpen?: boolean;
  now?: Date;
  /** Commit the answer's file and the question's, one commit each. */
  commit?: boolean;
  /** Decide against the remote's ledger and push (a question only the remote holds is found). */
  sync?: boolean;
}

/** The reply flag, and the question as it is afterwards (completed unless that failed). */
export interface ReplyResult {
  reply: Flag;
  question: Flag;
  /** Why the question could not be completed, when it could not. */
  notCompleted: string | null;
  /** Synced writes only (`sync: auto`): local locks never published that their catch-ups lost. */
  lost_locks?: LostLock[];
}

function defaultAction(question: Flag): string {
  // The question's text may hold characters a writer refuses (a file written by hand): quote it without them.
  const first = sanitize(question.change_description).trim().split('\n')[0] ?? '';
  const cut = first.length > 80 ? `${first.slice(0, 79)}…` : first;
  return `Read this answer to your flag ${question.id} ("${cut}"), then continue the work that waited on it and complete this flag.`;
}

/**
 * The flag answered; a synced reply fetches the remote's ledger when this one lacks it, and the
 * local locks that fetch's catch-up lost are reported with the reply's own (the writes' later
 * catch-ups no longer see them).
 */
async function findQuestion(
  ws: Workspace,
  input: ReplyInput,
): Promise<{ question: Flag; lost: LostLock[] }> {
  const remote = await publisherFor(ws, { sync: input.sync });
  const question = ws.flags.read(await idForWrite(ws, input.id, remote?.publisher)).flag;
  return { question, lost: remote?.lost ?? [] };
}

/** The answer's fields: for the question's source, chained to it, at most high. */
function answerFields(question: Flag, input: ReplyInput, agent: string): CreateInput {
  const impact =
    input.impact ?? (question.impact_level === 'critical' ? 'high' : question.impact_level);
  return {
    flag_type: input.flagType ?? 'change',
    source_agent: agent,
    target_agent: question.source_agent,
    impact_level: impact,
    change_description: input.answer,
    action_required: input.action ?? defaultAction(question),
    chain_origin_id: question.id,
  };
}

/** Creates the answer to a flag, linked to it, and completes the question when it is pending. */
export async function replyToFlag(ws: Workspace, input: ReplyInput): Promise<ReplyResult> {
  const agent = requireIdentity(input.agent, 'replying to a flag');
  const now = input.now ?? new Date();
  const { question, lost: found } = await findQuestion(ws, input);
  const write = { commit: input.commit ?? false, sync: input.sync ?? false };
  const { flag: reply, lost_locks: lost } = await createFlag(
    ws,
    answerFields(question, input, agent),
    { agent, now, force: true, ...write },
  );
  const keepOpen = input.keepOpen ?? false;
  const closed = await completeQuestion(ws, { question, reply, agent, now, keepOpen, write });
  const synced = lost !== undefined || closed.lost !== undefined;
  const all = [...found, ...(lost ?? []), ...(closed.lost ?? [])];
  const lostLocks = synced ? { lost_locks: all } : {};
  return { reply, question: closed.question, notCompleted: closed.notCompleted, ...lostLocks };
}

/** Completes the question a reply answers, when it is pending and for the replier. */
async function completeQuestion(
  ws: Workspace,
  o: {
    question: Flag;
    reply: Flag;
    agent: string;
    now: Date;
    keepOpen: boolean;
    write: { commit: boolean; sync: boolean };
  },
): Promise<{ question: Flag; notCompleted: string | null; lost?: LostLock[] | undefined }> {
  const { question, agent } = o;
  if (question.status !== 'pending' || o.keepOpen) return { question, notCompleted: null };
  if (question.target_agent !== null && question.target_agent !== agent) {
    const why = `${question.id} is for ${question.target_agent}, so it was left pending`;
    return { question, notCompleted: why };
  }
  try {
    const notes = `answered in ${o.reply.id}`;
    const done = await transitionFlag(ws, {
      id: question.id,
      kind: 'complete',
      agent,
      now: o.now,
      notes,
      ...o.write,
    });
    return { question: done.after, notCompleted: null, lost: done.lost_locks };
  } catch (error) {
    return { question, notCompleted: asFlagstoreError(error).message };
  }
}
