import * as z from "zod";

/** Transcribe writes times as decimal strings ("0.690"); accept numbers too. */
const seconds = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, "expected seconds as a decimal number")])
  .transform(Number)
  .pipe(z.number().finite().min(0));

const alternatives = z.array(z.object({ content: z.string() })).min(1);

const pronunciation = z.object({
  type: z.literal("pronunciation"),
  start_time: seconds,
  end_time: seconds,
  speaker_label: z.string().optional(),
  alternatives,
});

const punctuation = z.object({
  type: z.literal("punctuation"),
  alternatives,
});

const speakerSegment = z.object({
  start_time: seconds,
  end_time: seconds,
  speaker_label: z.string(),
  items: z.array(z.object({ start_time: seconds, end_time: seconds, speaker_label: z.string() })),
});

/**
 * The parts of a Transcribe (Medical) batch output file the pipeline reads: the recognised items and, when
 * speaker identification was on, the speaker segments. Unknown fields are ignored.
 */
export const transcribeOutputSchema = z.object({
  results: z.object({
    items: z.array(z.discriminatedUnion("type", [pronunciation, punctuation])),
    speaker_labels: z.object({ segments: z.array(speakerSegment) }).optional(),
  }),
});

export type TranscribeOutput = z.infer<typeof transcribeOutputSchema>;
export type TranscribeItem = TranscribeOutput["results"]["items"][number];
