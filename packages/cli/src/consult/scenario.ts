/**
 * Turns said one after the other, the clinician first and the patient (or the parent) last; each turn is a
 * phrase (see `Scope.say`).
 */
export type Exchange = readonly string[];

/** Who a problem or topic suits: any adult, an adult woman, or a child brought by a parent. */
export type Patient = "adult" | "woman" | "child";

/** One clinical problem as a consult works through it: complaint, history, examination, assessment and plan. */
export interface Scenario {
  name: string;
  patient: Patient;
  /** The medicines (vocabulary words) a patient with this problem already takes. */
  medications?: string[];
  /** How the patient (or parent) first describes the problem: one or two sentences. */
  complaint: string;
  history: Exchange[];
  exam: Exchange[];
  plan: Exchange[];
}

/** A conversation a consult may turn to between problems (lifestyle, prevention, results). */
export interface Topic {
  name: string;
  patient: Patient;
  exchanges: Exchange[];
}
