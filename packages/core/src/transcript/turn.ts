/** One speaker's uninterrupted stretch of the consult, located in the transcript text by offsets. */
export interface Turn {
  /** Transcribe's speaker label, e.g. "spk_0". */
  speaker: string;
  /** Seconds from the start of the recording. */
  startTime: number;
  endTime: number;
  /** UTF-16 offsets into {@link Transcript.text}: `text.slice(beginOffset, endOffset)` is the turn's text. */
  beginOffset: number;
  endOffset: number;
}

/** The whole consult as one text, with the turns that make it up. Turns are separated by a newline. */
export interface Transcript {
  text: string;
  turns: Turn[];
}
