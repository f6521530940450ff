/** Which fake handled a request. */
export type RequestKind =
  | 'openai-chat'
  | 'anthropic-messages'
  | 'models'
  | 'embeddings'
  | 'openai-responses'
  | 'images'
  | 'speech'
  | 'transcriptions'
  | 'moderations'
  | 'vercel-language-model'
  | 'vercel-embedding-model'
  | 'vercel-chat'
  | 'cloudflare-universal'
  | 'other';

/** One request as the fake received it, plus how its connection ended. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path with the query string. */
  url: string;
  /** Header names are lower-cased; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body, or `undefined` when empty or not JSON. */
  body: any;
  kind: RequestKind;
  /** A `multipart/form-data` upload (transcriptions): its text fields, its file counted. */
  upload?: RecordedUpload;
  /** Becomes `true` when the client closed the connection before the response ended. */
  aborted: boolean;
  /** Resolves when the response finished or the connection went away. */
  closed: Promise<void>;
}

/** A multipart upload as the fake read it: the file's bytes are counted, never kept. */
export interface RecordedUpload {
  fields: Record<string, string>;
  /** The first file part. */
  file: { field: string; filename: string; contentType: string; bytes: number } | undefined;
  /** Every file part in order (image edits send several), when there was one. */
  files?: { field: string; filename: string; contentType: string; bytes: number }[];
}
