import { InvalidRequestError } from '../errors/invalid-request-error';

/*
 * The text fields of an OpenAI transcription or translation request (`multipart/form-data`; the
 * audio travels in the `file` part). https://platform.openai.com/docs/api-reference/audio/createTranscription
 */

/** Most text fields in one form. */
export const MAX_FORM_FIELDS = 64;
/** Longest text field value (a prompt, known speaker references). */
export const MAX_FORM_FIELD_CHARS = 64 * 1024;
/** Longest form field or file name. */
export const MAX_FORM_NAME_CHARS = 256;

const RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt', 'diarized_json'];
const GRANULARITIES = ['word', 'segment'];
const FIELD_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/** A transcription form's text fields, validated; `fields` keeps them all, in order. */
export interface TranscriptionForm {
  model: string;
  /** `stream=true`: the answer is SSE (`transcript.text.delta` … `transcript.text.done`). */
  stream: boolean;
  responseFormat: string | undefined;
  /** Characters of the prompt (budget estimate). */
  promptChars: number;
  /** Every text field but `model` as sent (forwarded unchanged). */
  fields: readonly (readonly [string, string])[];
}

/** Validates the text fields of a transcription form; a 400 names the field. */
export function readTranscriptionForm(
  fields: readonly (readonly [string, string])[],
): TranscriptionForm {
  if (fields.length > MAX_FORM_FIELDS) {
    throw invalid(`Too many form fields (at most ${MAX_FORM_FIELDS}).`, undefined);
  }
  const one = new Map<string, string>();
  const rest: (readonly [string, string])[] = [];
  for (const [name, value] of fields) {
    if (!FIELD_NAME.test(name)) {
      throw invalid('A form field name must be 1–64 letters, digits or _.[]-.', undefined);
    }
    if (value.length > MAX_FORM_FIELD_CHARS) {
      throw invalid(`${name}: at most ${MAX_FORM_FIELD_CHARS} characters.`, name);
    }
    if (!name.endsWith('[]')) {
      if (one.has(name)) throw invalid(`${name}: given more than once.`, name);
      one.set(name, value);
    }
    if (name !== 'model') rest.push([name, value]);
    else continue;
    checkField(name, value);
  }
  const model = one.get('model');
  if (!model) throw invalid('model: required (a form field before or after `file`).', 'model');
  const stream = one.get('stream');
  return {
    model,
    stream: stream === 'true',
    responseFormat: one.get('response_format'),
    promptChars: one.get('prompt')?.length ?? 0,
    fields: rest,
  };
}

function checkField(name: string, value: string): void {
  switch (name) {
    case 'response_format':
      if (!RESPONSE_FORMATS.includes(value)) {
        throw invalid(`response_format: expected one of ${RESPONSE_FORMATS.join(', ')}.`, name);
      }
      return;
    case 'stream':
      if (value !== 'true' && value !== 'false')
        throw invalid('stream: expected true or false.', name);
      return;
    case 'temperature': {
      const t = Number(value);
      if (value.trim() === '' || !(t >= 0 && t <= 1)) {
        throw invalid('temperature: expected a number from 0 to 1.', name);
      }
      return;
    }
    case 'language':
      if (!/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?$/.test(value)) {
        throw invalid('language: expected an ISO-639 code such as en or de.', name);
      }
      return;
    case 'timestamp_granularities[]':
      if (!GRANULARITIES.includes(value)) {
        throw invalid(`timestamp_granularities[]: expected word or segment.`, name);
      }
      return;
  }
}

function invalid(message: string, param: string | undefined): InvalidRequestError {
  return new InvalidRequestError({ message, code: 'invalid_value', param });
}
