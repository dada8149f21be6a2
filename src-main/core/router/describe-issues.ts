/**
 * Validation problems in the words of the person who typed the value: the field by its name on
 * screen ("Next review date", not nextReviewDate), what is wrong and what is allowed, as
 * sentences. Schema messages written for people (src-shared) are kept; zod's own defaults
 * ("Invalid input: expected string, received undefined") are rewritten from the issue's code.
 */
import type { z } from 'zod';

const MAX_LISTED = 3;

/** Field names whose words cannot be derived from the key. */
const FIELD_WORDS: Record<string, string> = {
  id: 'The record id',
  sha256: 'The SHA-256',
  contentBase64: 'The file content',
  mimeType: 'The file type',
  input: 'The request',
  windowStart: 'The start of the observation window',
  windowEnd: 'The end of the observation window',
  maxFileBytes: 'The file size limit',
};

const count = (n: number) => n.toLocaleString('en-US');

/** ['catalog', 'metadata', 'version'] → "Catalog metadata version"; ['auditors', 2] → "Auditor 3". */
export function fieldWords(path: readonly PropertyKey[]): string {
  if (path.length === 0) return FIELD_WORDS.input;
  const words: string[] = [];
  path.forEach((segment, index) => {
    if (typeof segment === 'number') {
      const owner = words.pop() ?? 'item';
      words.push(`${owner.replace(/s$/, '')} ${segment + 1}`);
      return;
    }
    const key = String(segment);
    if (index === path.length - 1 && path.length === 1 && FIELD_WORDS[key]) {
      words.push(FIELD_WORDS[key]);
      return;
    }
    words.push(
      key
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/[_-]+/g, ' ')
        .toLowerCase(),
    );
  });
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'yes or no',
  array: 'a list',
  object: 'a set of fields',
  date: 'a date',
};

const FORMAT_WORDS: Record<string, string> = {
  uuid: 'an id made by the app',
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date and time',
  email: 'an email address',
  url: 'a web address',
};

/** zod's default message, which is for developers: detected so it can be said in words. */
const isZodDefault = (message: string) => /^(Invalid|Too (big|small)|Unrecognized)\b/.test(message);

/** One issue as a sentence; `field` names the field when the path's words would not (a file's keys). */
export function describeIssue(issue: z.core.$ZodIssue, field = fieldWords(issue.path)): string {
  if (!isZodDefault(issue.message)) {
    // Written for people in the schema: "must be …" reads after the field's name; anything else
    // ("a policy needs a title") is a sentence of its own.
    return /^(must|is|are|cannot|should)\b/.test(issue.message) ? sentence(`${field} ${issue.message}`) : sentence(issue.message);
  }
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? sentence(`${field} is missing`)
        : sentence(`${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`);
    case 'too_big':
      if (issue.origin === 'string')
        return sentence(`${field} is too long: the limit is ${count(Number(issue.maximum))} characters`);
      if (issue.origin === 'array') return sentence(`${field} has too many entries: at most ${count(Number(issue.maximum))}`);
      return sentence(`${field} must be at most ${count(Number(issue.maximum))}`);
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? sentence(`${field} cannot be empty`)
          : sentence(`${field} needs at least ${count(Number(issue.minimum))} characters`);
      if (issue.origin === 'array') return sentence(`${field} needs at least ${count(Number(issue.minimum))} entries`);
      return sentence(`${field} must be at least ${count(Number(issue.minimum))}`);
    case 'invalid_value':
      return sentence(`${field} must be one of: ${issue.values.map((v) => String(v).replace(/_/g, ' ')).join(', ')}`);
    case 'invalid_format':
      return sentence(`${field} must be ${FORMAT_WORDS[issue.format] ?? `in the ${issue.format} format`}`);
    case 'unrecognized_keys':
      return sentence(
        `${field} has ${issue.keys.length === 1 ? 'a field' : 'fields'} the app does not know: ${issue.keys.join(', ')}`,
      );
    default:
      return sentence(`${field} is not valid`);
  }
}

/** Every problem as sentences, the first few named and the rest counted. */
export function describeIssues(error: z.ZodError): string {
  const sentences = [...new Set(error.issues.map((issue) => describeIssue(issue)))];
  const rest = sentences.length - MAX_LISTED;
  const listed = sentences.slice(0, MAX_LISTED).join(' ');
  return rest > 0 ? `${listed} There ${rest === 1 ? 'is 1 more problem' : `are ${rest} more problems`}.` : listed;
}
