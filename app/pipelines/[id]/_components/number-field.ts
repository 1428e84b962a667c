// A number typed as text, checked as it is typed: its text for the input, the parsed value when
// valid, and otherwise the message the field shows (same words as the generated invoke forms).
import { useState } from 'react';

interface TNumberRules {
  min: number;
  max: number;
  integer?: boolean;
}

/** A number field's text -> value, or the message to show. */
export function parseNumber(text: string, { min, max, integer }: TNumberRules) {
  if (text.trim() === '') return { error: 'Required' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { error: 'Must be a number' };
  if (integer && !Number.isInteger(value)) return { error: 'Must be an integer' };
  if (value < min) return { error: `Must be at least ${min}` };
  if (value > max) return { error: `Must be at most ${max}` };
  return { value };
}

/** `field` spreads onto a TextField; `value` is the number, undefined while the text is invalid. */
export function useNumberField(initial: string, rules: TNumberRules) {
  const [text, setText] = useState(initial);
  const { value, error } = parseNumber(text, rules);
  return { value, field: { value: text, onChange: setText, error } };
}
