// A provider's refusal as data (docs/provider-protocol.md, "Errors"): `details.problem` names a
// key of the catalogs' `provider-problem` section and its parameters. It becomes a message only
// when every code in it is one of this client's catalog, so a newer or foreign server's
// problems fall back to its English text instead of showing a bare code.
import english from '../../shared/i18n/engine.en.json';
import type { WireProblem } from '../../shared/provider-protocol';
import { msg, template, type Message, type MessageCode } from '../../shared/session/messages';

type WireParams = Readonly<Record<string, string | number | { code: string; params?: WireParams }>>;

function known(code: string, params: WireParams): Message | null {
  if (template(english, code) === null) return null;
  const out: Record<string, string | number | Message> = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value !== 'object') {
      out[name] = value;
      continue;
    }
    const nested = known(value.code, value.params ?? {});
    if (nested === null) return null;
    out[name] = nested;
  }
  return msg(code as MessageCode, out);
}

/** The provider's problem as a message, or null when it sent none or one this client cannot word. */
export function providerProblem(problem: WireProblem | undefined): Message | null {
  return problem ? known(`provider-problem.${problem.code}`, problem.params ?? {}) : null;
}
