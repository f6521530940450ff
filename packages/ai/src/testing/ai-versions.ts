import * as ai5 from 'ai-v5';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';

/** The AI SDK majors Stereos models must work with; tests run each scenario under all three. */
export const aiVersions = [
  {
    version: 'ai@5',
    generateText: ai5.generateText,
    streamText: ai5.streamText,
    tool: ai5.tool,
    jsonSchema: ai5.jsonSchema,
  },
  {
    version: 'ai@6',
    generateText: ai6.generateText,
    streamText: ai6.streamText,
    tool: ai6.tool,
    jsonSchema: ai6.jsonSchema,
  },
  {
    version: 'ai@7',
    generateText: ai7.generateText,
    streamText: ai7.streamText,
    tool: ai7.tool,
    jsonSchema: ai7.jsonSchema,
  },
] as unknown as {
  version: string;
  generateText: typeof ai5.generateText;
  streamText: typeof ai5.streamText;
  tool: typeof ai5.tool;
  jsonSchema: typeof ai5.jsonSchema;
}[];
