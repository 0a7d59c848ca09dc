/**
 * Whether a new tag or digest can be written into a slot: it must keep the fixed text the
 * slot does not own, and a whole plain YAML scalar must still read as a string.
 *
 * Owns: the one rule planning (to skip a candidate early) and the rewrite (to refuse an
 * edit) share. May import: nothing. Must not: do I/O.
 */
import type { EditSlot } from './types.js';

/**
 * Plain YAML scalars that YAML 1.1 (Helm, through sigs.k8s.io/yaml) or 1.2 reads as
 * something other than a string: null, booleans, integers (decimal, octal, hex, binary,
 * with `_`), floats (`3.10` is 3.1, `1e3`), infinities and NaN.
 */
const NON_STRING_PLAIN =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?0x[0-9a-fA-F_]+|0o[0-7]+|[-+]?0b[01_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Whether `value`, written as a plain YAML scalar, would be read as something other than a string. */
export function isNonStringPlainScalar(value: string): boolean {
  return value === '' || NON_STRING_PLAIN.test(value);
}

/** The reason `value` cannot be written into `slot`, or null when it can. */
export function checkSlotValue(slot: EditSlot, value: string): string | null {
  const fits = value.length >= slot.before.length + slot.after.length && value.startsWith(slot.before) && value.endsWith(slot.after);
  if (!fits) return `"${value}" does not keep the text "${slot.before}…${slot.after}" that comes from elsewhere in the file`;
  if (slot.scalar === 'yaml-plain' && isNonStringPlainScalar(value)) {
    return `"${value}" written without quotes would be read by YAML as a number, boolean or null, not as the string "${value}"; quote the value in the file to let freshbase edit it`;
  }
  return null;
}
