import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseTranscribeOutput, SOLE_SPEAKER, TranscribeOutputError, UNKNOWN_SPEAKER } from "./parse.js";
import type { Transcript } from "./turn.js";

const reference = (name: string): unknown =>
  JSON.parse(
    readFileSync(new URL(`../../../../fixtures/aws-reference/transcripts/${name}`, import.meta.url), "utf8"),
  );

const word = (content: string, start: number, end: number, speaker?: string) => ({
  type: "pronunciation",
  start_time: start.toFixed(3),
  end_time: end.toFixed(3),
  alternatives: [{ confidence: "0.99", content }],
  ...(speaker ? { speaker_label: speaker } : {}),
});
const mark = (content: string) => ({ type: "punctuation", alternatives: [{ confidence: "0.0", content }] });

/** A Transcribe Medical output: speakers only in the segments, as Transcribe Medical writes them. */
function medicalOutput(
  words: Array<{ content: string; speaker: string | null } | string>,
): Record<string, unknown> {
  const items: unknown[] = [];
  const segmentItems: Array<{ start_time: string; end_time: string; speaker_label: string }> = [];
  let t = 0;
  for (const w of words) {
    if (typeof w === "string") {
      items.push(mark(w));
      continue;
    }
    const item = word(w.content, t, t + 0.5);
    items.push(item);
    if (w.speaker) {
      segmentItems.push({ start_time: item.start_time, end_time: item.end_time, speaker_label: w.speaker });
    }
    t += 0.5;
  }
  const segments = segmentItems.map((i) => ({ ...i, items: [i] }));
  return {
    jobName: "job",
    results: { items, speaker_labels: { speakers: 2, segments } },
    status: "COMPLETED",
  };
}

function turnTexts(transcript: Transcript): string[] {
  return transcript.turns.map((t) => transcript.text.slice(t.beginOffset, t.endOffset));
}

describe("parseTranscribeOutput", () => {
  it("reads the documented Transcribe Medical speaker-labels sample as one turn with its times", () => {
    const transcript = parseTranscribeOutput(reference("transcribe-medical-batch-speaker-labels.json"));
    expect(transcript).toEqual({
      text: "Professional answer.",
      turns: [{ speaker: "spk_0", startTime: 0.1, endTime: 1.21, beginOffset: 0, endOffset: 20 }],
    });
  });

  it("splits the documented standard diarization sample into one turn per speaker, joined by a newline", () => {
    const transcript = parseTranscribeOutput(reference("transcribe-standard-batch-diarization.json"));
    expect(transcript.text).toBe("I've been on hold for an hour.\nSorry about that.");
    expect(transcript.turns.map((t) => [t.speaker, t.startTime, t.endTime])).toEqual([
      ["spk_0", 4.87, 6.88],
      ["spk_1", 8.49, 9.24],
    ]);
    expect(turnTexts(transcript)).toEqual(["I've been on hold for an hour.", "Sorry about that."]);
  });

  it("treats an output made without speaker identification as one speaker", () => {
    const transcript = parseTranscribeOutput(reference("transcribe-medical-batch-PHI-entities.json"));
    expect(transcript.turns).toEqual([
      { speaker: SOLE_SPEAKER, startTime: 0, endTime: 0.9989, beginOffset: 0, endOffset: 31 },
    ]);
    expect(transcript.text).toBe("The patient's name is Bertrand.");
  });

  it("starts a new turn whenever the speaker changes, and attaches punctuation without a space", () => {
    const transcript = parseTranscribeOutput(
      medicalOutput([
        { content: "Any", speaker: "spk_0" },
        { content: "fever", speaker: "spk_0" },
        "?",
        { content: "No", speaker: "spk_1" },
        ",",
        { content: "none", speaker: "spk_1" },
        ".",
        { content: "Good", speaker: "spk_0" },
        ".",
      ]),
    );
    expect(transcript.text).toBe("Any fever?\nNo, none.\nGood.");
    expect(turnTexts(transcript)).toEqual(["Any fever?", "No, none.", "Good."]);
    expect(transcript.turns.map((t) => [t.speaker, t.startTime, t.endTime])).toEqual([
      ["spk_0", 0, 1],
      ["spk_1", 1, 2],
      ["spk_0", 2, 2.5],
    ]);
  });

  it("gives a word no segment covers to the previous speaker, or spk_unknown when there is none", () => {
    const transcript = parseTranscribeOutput(
      medicalOutput([
        { content: "Hello", speaker: null },
        { content: "doctor", speaker: "spk_1" },
        { content: "again", speaker: null },
        { content: "Hi", speaker: "spk_0" },
      ]),
    );
    expect(transcript.turns.map((t) => t.speaker)).toEqual([UNKNOWN_SPEAKER, "spk_1", "spk_0"]);
    expect(turnTexts(transcript)).toEqual(["Hello", "doctor again", "Hi"]);
  });

  it("finds the speaker of a word from the segment spanning it when no segment item has its times", () => {
    const output = {
      results: {
        items: [word("Cough", 1, 1.4), word("since", 1.4, 1.8)],
        speaker_labels: {
          segments: [{ start_time: "0.5", end_time: "2.0", speaker_label: "spk_1", items: [] }],
        },
      },
    };
    expect(parseTranscribeOutput(output).turns.map((t) => t.speaker)).toEqual(["spk_1"]);
  });

  it("drops punctuation that comes before any word, and gives an empty transcript for no words", () => {
    expect(parseTranscribeOutput({ results: { items: [mark("."), word("Yes", 0, 1)] } }).text).toBe("Yes");
    expect(parseTranscribeOutput({ results: { items: [] } })).toEqual({ text: "", turns: [] });
  });

  it("keeps multi-byte words intact and the offsets exact", () => {
    const transcript = parseTranscribeOutput(
      medicalOutput([
        { content: "25", speaker: "spk_0" },
        { content: "µg", speaker: "spk_0" },
        { content: "at", speaker: "spk_1" },
        { content: "101°F", speaker: "spk_1" },
        { content: "😷", speaker: "spk_1" },
      ]),
    );
    expect(turnTexts(transcript)).toEqual(["25 µg", "at 101°F 😷"]);
  });

  it("names the field of a malformed output and not its value", () => {
    const bad = { results: { items: [word("Warfarin", 0, 1), { type: "pronunciation", alternatives: [] }] } };
    const error = (() => {
      try {
        parseTranscribeOutput(bad);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TranscribeOutputError);
    expect((error as TranscribeOutputError).field).toMatch(/^results\.items\[1\]\./);
    expect((error as Error).message).not.toContain("Warfarin");
  });

  it.each([
    [null, "(document)"],
    [{}, "results"],
    [{ results: { items: "none" } }, "results.items"],
    [
      {
        results: {
          items: [
            { type: "pronunciation", start_time: "soon", end_time: "1", alternatives: [{ content: "a" }] },
          ],
        },
      },
      "results.items[0].start_time",
    ],
    [{ results: { items: [{ type: "noise", alternatives: [{ content: "a" }] }] } }, "results.items[0].type"],
  ])("refuses %j, naming %s", (input, field) => {
    expect(() => parseTranscribeOutput(input)).toThrow(
      expect.objectContaining({ name: "TranscribeOutputError", field }),
    );
  });
});
