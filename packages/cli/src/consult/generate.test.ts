import { parseTranscribeOutput, type Transcript } from "@medpipe/core/transcript";
import { describe, expect, it } from "vitest";
import { generateConsult, type TranscribeMedicalOutput } from "./generate.js";

const words = (output: TranscribeMedicalOutput) =>
  output.results.items.filter((item) => item.type === "pronunciation");
const turnTexts = ({ text, turns }: Transcript) =>
  turns.map((turn) => text.slice(turn.beginOffset, turn.endOffset));
const wordsIn = (text: string) => text.split(" ").length;

describe("generateConsult", () => {
  const consult = generateConsult({ minutes: 30, seed: 2026 });
  const transcript = parseTranscribeOutput(consult);

  it("writes a Transcribe Medical batch output that the pipeline parses", () => {
    expect(consult).toMatchObject({ accountId: "000000000000", status: "COMPLETED" });
    expect(consult.jobName).toMatch(/^[0-9a-zA-Z._-]{1,200}$/);
    expect(consult.results.speaker_labels.speakers).toBe(2);
    expect(transcript.turns).toHaveLength(consult.results.speaker_labels.segments.length);
    expect(consult.results.transcripts[0]?.transcript).toBe(transcript.text.replaceAll("\n", " "));
  });

  it("labels every word with the speaker segment that holds it, at the same times", () => {
    const segmentItems = consult.results.speaker_labels.segments.flatMap((segment) =>
      segment.items.map((item) => ({ ...item, segment: segment.speaker_label })),
    );
    expect(segmentItems.map(({ start_time, end_time }) => ({ start_time, end_time }))).toEqual(
      words(consult).map(({ start_time, end_time }) => ({ start_time, end_time })),
    );
    for (const item of segmentItems) expect(item.speaker_label).toBe(item.segment);
  });

  it("gives the same consult for the same seed and another for another seed", () => {
    expect(JSON.stringify(generateConsult({ minutes: 30, seed: 2026 }))).toBe(JSON.stringify(consult));
    expect(generateConsult({ minutes: 30, seed: 2027 }).results.transcripts).not.toEqual(
      consult.results.transcripts,
    );
  });

  it.each([5, 30, 60, 120])("fills %i minutes at 140 to 160 words a minute", (minutes) => {
    const output = generateConsult({ minutes, seed: minutes });
    const spoken = words(output);
    const end = Number(spoken.at(-1)?.end_time);
    expect(end).toBeGreaterThan(minutes * 60 * 0.99);
    expect(end).toBeLessThanOrEqual(minutes * 60);
    expect(spoken.length / minutes).toBeGreaterThanOrEqual(140);
    expect(spoken.length / minutes).toBeLessThanOrEqual(160);
  });

  it("has the clinician open and the two speakers take turns", () => {
    const speakers = transcript.turns.map((turn) => turn.speaker);
    expect(speakers[0]).toBe("spk_0");
    speakers.forEach((speaker, index) => {
      expect(speaker).toBe(index % 2 === 0 ? "spk_0" : "spk_1");
    });
  });

  it("says turns of 1 to 60 words, each ending a sentence", () => {
    for (const text of turnTexts(transcript)) {
      expect(wordsIn(text)).toBeLessThanOrEqual(60);
      expect(text).toMatch(/\S[.?!]$/);
    }
  });

  it("moves time forward only, with a pause between turns", () => {
    const spoken = words(consult);
    spoken.forEach((word, index) => {
      expect(Number(word.end_time)).toBeGreaterThan(Number(word.start_time));
      const next = spoken[index + 1];
      if (next) expect(Number(next.start_time)).toBeGreaterThanOrEqual(Number(word.end_time));
    });
    const segments = consult.results.speaker_labels.segments;
    segments.slice(1).forEach((segment, index) => {
      const pause = Number(segment.start_time) - Number(segments[index]?.end_time);
      expect(pause).toBeGreaterThan(0.2);
      expect(pause).toBeLessThan(1.5);
    });
  });

  it("writes times and confidences as Transcribe does: strings, confidences from 0.8 to 1", () => {
    for (const word of words(consult)) {
      expect(word.start_time).toMatch(/^\d+\.\d{3}$/);
      const confidence = Number(word.alternatives[0]?.confidence);
      expect(confidence).toBeGreaterThanOrEqual(0.8);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    const punctuation = consult.results.items.filter((item) => item.type === "punctuation");
    expect(punctuation.length).toBeGreaterThan(0);
    for (const item of punctuation) expect(Object.keys(item).sort()).toEqual(["alternatives", "type"]);
  });

  it.each(
    Array.from({ length: 20 }, (_, seed) => seed),
  )("mentions doses in µg and temperatures in °F even in five minutes (seed %i)", (seed) => {
    const contents = generateConsult({ minutes: 5, seed }).results.items.map(
      (item) => item.alternatives[0]?.content,
    );
    expect(contents).toContain("µg");
    expect(contents.some((content) => content?.endsWith("°F"))).toBe(true);
  });

  it("speaks of the usual medicines and conditions by their usual names, and of accented names", () => {
    const said = Array.from({ length: 10 }, (_, seed) =>
      generateConsult({ minutes: 60, seed }).results.transcripts.map((t) => t.transcript),
    ).join(" ");
    for (const name of [
      "metformin",
      "lisinopril",
      "amlodipine",
      "atorvastatin",
      "albuterol",
      "amoxicillin",
      "ibuprofen",
      "acetaminophen",
      "levothyroxine",
      "sertraline",
      "omeprazole",
      "nitrofurantoin",
      "sumatriptan",
      "hypertension",
      "type 2 diabetes",
      "asthma",
      "fever",
      "cough",
      "headache",
      "urinary tract infection",
      "otitis media",
      "depression",
      "anxiety",
    ]) {
      expect(said).toContain(name);
    }
    expect(said).toMatch(/[À-ÿ]/);
  });

  it.each([1, 2, 3])("does not repeat one script over two hours (seed %i)", (seed) => {
    const turns = turnTexts(parseTranscribeOutput(generateConsult({ minutes: 120, seed })));
    const long = turns.filter((text) => wordsIn(text) >= 8);
    expect(new Set(long).size / long.length).toBeGreaterThan(0.5);
    const runs = turns.slice(0, -12).map((_, index) => turns.slice(index, index + 12).join("\n"));
    expect(new Set(runs).size).toBe(runs.length);
  });

  it("refuses consults shorter than 3 minutes or longer than Transcribe's 4 hours, and seeds that are not integers", () => {
    expect(() => generateConsult({ minutes: 2, seed: 1 })).toThrow(RangeError);
    expect(() => generateConsult({ minutes: 241, seed: 1 })).toThrow(RangeError);
    expect(() => generateConsult({ minutes: Number.NaN, seed: 1 })).toThrow(RangeError);
    expect(() => generateConsult({ minutes: 10, seed: 1.5 })).toThrow(RangeError);
  });
});
