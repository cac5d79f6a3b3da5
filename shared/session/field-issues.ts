// An entry a schema refuses, as a message. The field schemas (./fields.ts, the command and
// bridge schemas) give zod a message code (`field.*`) where they have words of their own; zod's
// own checks (too long, wrong type…) are mapped from the issue's kind and limits. The field is
// named from its path (`field-name.*`); a value is never echoed (it may be a secret).
import english from '../i18n/engine.en.json';
import type { z } from 'zod';
import { formatMessage, msg, template, type Message, type MessageCode } from './messages';

type FieldProblem = keyof (typeof english)['field'];
type FieldName = keyof (typeof english)['field-name'];

/** The message code a schema hands zod for an entry it refuses. */
export const fieldProblem = (code: FieldProblem): string => `field.${code}`;

type Issue = z.core.$ZodIssue;

function limits(issue: Issue): Record<string, number> {
  const out: Record<string, number> = {};
  if ('minimum' in issue) out['min'] = Number(issue.minimum);
  if ('maximum' in issue) out['max'] = Number(issue.maximum);
  return out;
}

function problemOf(issue: Issue): Message {
  if (issue.message.startsWith('field.') && template(english, issue.message) !== null) {
    return msg(issue.message as MessageCode, limits(issue));
  }
  switch (issue.code) {
    case 'too_small':
      return msg(issue.origin === 'array' ? 'field.too-few' : issue.origin === 'string' ? 'field.too-short' : 'field.too-small', limits(issue));
    case 'too_big':
      return msg(issue.origin === 'array' ? 'field.too-many' : issue.origin === 'string' ? 'field.too-long' : 'field.too-big', limits(issue));
    case 'invalid_type':
      return msg('field.wrong-type');
    case 'invalid_value':
    case 'invalid_union':
      return msg('field.not-allowed');
    case 'unrecognized_keys':
      return msg('field.unexpected', { keys: issue.keys.join(', ') });
    default:
      return msg('field.invalid');
  }
}

const isFieldName = (name: string): name is FieldName => Object.hasOwn(english['field-name'], name) && name !== 'numbered';

/** The field in the user's words: its name, numbered when it is one of a list ("TFTP server address 2"). */
function fieldOf(path: readonly PropertyKey[]): string | Message {
  const name = [...path].reverse().find((p): p is string => typeof p === 'string');
  const index = path.find((p): p is number => typeof p === 'number');
  const named: string | Message = name === undefined ? '—' : isFieldName(name) ? msg(`field-name.${name}`) : path.map(String).join('.');
  return index === undefined ? named : msg('field-name.numbered', { name: named, n: index + 1 });
}

/** The first refused entry of a request, as a message (`failure.invalid-entry`). */
export function issueMessage(issues: readonly Issue[]): Message {
  const issue = issues[0];
  if (!issue) return msg('failure.invalid-entry', { field: '—', problem: msg('field.invalid') });
  return msg('failure.invalid-entry', { field: fieldOf(issue.path), problem: problemOf(issue) });
}

/** Every refused entry (up to five) in English, for logs: field paths and rules, never the values. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues.slice(0, 5).map((issue) => formatMessage(english, issueMessage([issue]))).join('; ');
}
