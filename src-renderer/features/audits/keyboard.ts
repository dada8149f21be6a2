/**
 * The fieldwork keyboard: which keys do what, and when a key belongs to the field being typed
 * in rather than to the shortcuts.
 */
export const SHORTCUTS: { keys: string[]; does: string }[] = [
  { keys: ['J', '↓'], does: 'Next control' },
  { keys: ['K', '↑'], does: 'Previous control' },
  { keys: ['1'], does: 'Result: Pass' },
  { keys: ['2'], does: 'Result: Fail' },
  { keys: ['3'], does: 'Result: Not tested' },
  { keys: ['4'], does: 'Result: Not applicable' },
  { keys: ['N'], does: 'Write notes (saved when you leave the field, or with Ctrl+S)' },
  { keys: ['F'], does: 'New finding on this control' },
  { keys: ['E'], does: 'Capture evidence for this control (choose a file)' },
  { keys: ['Esc'], does: 'Leave the field you are typing in, back to the control list' },
  { keys: ['?'], does: 'Show or hide this help' },
];

const NOT_TYPING = new Set(['radio', 'checkbox', 'button', 'submit', 'reset', 'file', 'range', 'color']);

/** True when a plain key press would type into (or drive) the focused field. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.has(target.type);
}
