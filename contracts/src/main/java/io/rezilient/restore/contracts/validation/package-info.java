/**
 * A small schema toolkit with zod 4's parse semantics, for every JSON contract (plan-hash inputs, request bodies,
 * CloudEvents, manifests). Not a general zod port: only what the contracts need, but with the same issue codes,
 * built-in wording and issue order, because the reference returns its first issue to API callers and the
 * conformance vectors pin it.
 *
 * <p>The rules that decide the first issue: object fields are checked in declaration order; undeclared keys are
 * reported after them; checks and refinements run only while nothing aborting was found (a wrong type, unknown key,
 * wrong literal or failed transform anywhere inside aborts, which also silences every enclosing refinement), while
 * length, pattern, bound and custom issues let later checks run.
 */
package io.rezilient.restore.contracts.validation;
