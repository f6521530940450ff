import { InvalidRequestError } from '../errors/invalid-request-error';
import { userProblem } from '../wire/request-limits';
import { DEFAULT_IMAGE_MODEL, MAX_IMAGE_PROMPT_CHARS, MAX_IMAGES } from './images-request';
import type { FormField } from './multipart-body';
import { MAX_FORM_FIELD_CHARS, MAX_FORM_FIELDS } from './transcriptions-request';

/*
 * The text fields of an OpenAI image edit (`POST /v1/images/edits`, `multipart/form-data`; the
 * images travel in `image` / `image[]` parts, the optional mask in `mask`).
 * https://platform.openai.com/docs/api-reference/images/createEdit
 */

/** Most input images of one edit (gpt-image-1 takes up to 16; DALL·E 2 one). */
export const MAX_EDIT_IMAGES = 16;
/** The file parts an edit accepts: its images and its mask. */
export const IMAGE_EDIT_FILE_FIELDS = ['image', 'image[]', 'mask'] as const;

const FIELD_NAME = /^[A-Za-z0-9_.[\]-]{1,64}$/;
const OPTIONS = ['size', 'quality', 'background', 'output_format', 'input_fidelity'];

/** An image edit form's text fields, validated; `fields` keeps them all (but `model`) in order. */
export interface ImageEditForm {
  model: string;
  prompt: string;
  n: number;
  size: string | undefined;
  quality: string | undefined;
  user: string | undefined;
  /** Every text field but `model` as sent (forwarded unchanged). */
  fields: readonly FormField[];
}

/** Validates the text fields of an image edit form; a 400 names the field. */
export function readImageEditForm(fields: readonly FormField[]): ImageEditForm {
  if (fields.length > MAX_FORM_FIELDS) {
    throw invalid(`Too many form fields (at most ${MAX_FORM_FIELDS}).`, undefined);
  }
  const one = new Map<string, string>();
  const rest: FormField[] = [];
  for (const [name, value] of fields) {
    if (!FIELD_NAME.test(name)) {
      throw invalid('A form field name must be 1–64 letters, digits or _.[]-.', undefined);
    }
    if (value.length > MAX_FORM_FIELD_CHARS) {
      throw invalid(`${name}: at most ${MAX_FORM_FIELD_CHARS} characters.`, name);
    }
    if (one.has(name)) throw invalid(`${name}: given more than once.`, name);
    one.set(name, value);
    checkField(name, value);
    if (name !== 'model') rest.push([name, value]);
  }
  const prompt = one.get('prompt');
  if (!prompt) throw invalid('prompt: required (a text field of the form).', 'prompt');
  return {
    model: one.get('model') ?? DEFAULT_IMAGE_MODEL,
    prompt,
    n: Number(one.get('n') ?? 1),
    size: one.get('size'),
    quality: one.get('quality'),
    user: one.get('user'),
    fields: rest,
  };
}

/** The files of an edit: 1–16 images (`image` or `image[]`, not both), at most one mask. */
export function checkImageEditFiles(fields: readonly string[]): void {
  const images = fields.filter((f) => f === 'image' || f === 'image[]');
  const masks = fields.filter((f) => f === 'mask');
  if (images.length === 0) {
    throw invalid('image: required (an `image` file part, or up to 16 `image[]` parts).', 'image');
  }
  if (images.length > MAX_EDIT_IMAGES) {
    throw invalid(`image: at most ${MAX_EDIT_IMAGES} images.`, 'image');
  }
  if (fields.filter((f) => f === 'image').length > 1 || new Set(images).size > 1) {
    throw invalid('image: send one `image` part, or several `image[]` parts.', 'image');
  }
  if (masks.length > 1) throw invalid('mask: at most one mask.', 'mask');
}

function checkField(name: string, value: string): void {
  if (name === 'prompt' && value.length > MAX_IMAGE_PROMPT_CHARS) {
    throw invalid(`prompt: at most ${MAX_IMAGE_PROMPT_CHARS} characters.`, name);
  }
  if (name === 'n' && !(/^\d{1,2}$/.test(value) && +value >= 1 && +value <= MAX_IMAGES)) {
    throw invalid(`n: expected an integer from 1 to ${MAX_IMAGES}.`, name);
  }
  if (name === 'output_compression' && !(/^\d{1,3}$/.test(value) && +value <= 100)) {
    throw invalid('output_compression: expected an integer from 0 to 100.', name);
  }
  if (name === 'response_format' && value !== 'url' && value !== 'b64_json') {
    throw invalid('response_format: expected url or b64_json.', name);
  }
  if (name === 'stream' && value !== 'false') {
    throw invalid('stream: streaming image edits are not supported; omit `stream`.', name);
  }
  if (OPTIONS.includes(name) && !/^[\w.-]{1,64}$/.test(value)) {
    throw invalid(`${name}: expected a short option such as auto.`, name);
  }
  if (name === 'user') {
    const problem = userProblem(value);
    if (problem) throw invalid(`user: ${problem}`, name);
  }
}

function invalid(message: string, param: string | undefined): InvalidRequestError {
  return new InvalidRequestError({ message, code: 'invalid_value', param });
}
