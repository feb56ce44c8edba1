import { ADULT_SCENARIOS } from "./adult-scenarios.js";
import { CHILD_SCENARIOS } from "./child-scenarios.js";
import { Scope } from "./phrase.js";
import type { Random } from "./random.js";
import type { Exchange, Patient, Scenario, Topic } from "./scenario.js";
import { wordCount } from "./tokens.js";
import { TOPICS } from "./topics.js";
import { type Cast, castConsult, consultVocabulary } from "./vocabulary.js";

export type Speaker = "clinician" | "patient";

/** One speaker's uninterrupted stretch of the consult. */
export interface Turn {
  speaker: Speaker;
  text: string;
}

const SCENARIOS = [...ADULT_SCENARIOS, ...CHILD_SCENARIOS];

const ADULT_OPENING: Exchange = [
  "[Good morning, {patient}. This is doctor {clinician}. Can you hear me all right?|Hi {patient}, it's {clinicianFull}, one of the doctors here. Can you see and hear me okay?|Hello, is this {patientFull}? I'm doctor {clinician}, I'll be seeing you today. How's the sound on your end?]",
  "[Yes, I can hear you fine.|Yes, hi, doctor. The sound is good.|Hi. Yes, loud and clear.]",
  "[Great. Before we start, can you confirm your date of birth for me?|Good. Just to make sure I have the right chart, what's your date of birth?]",
  "[It's {dateOfBirth}.|{DateOfBirth}.]",
  "{thanks} [Did you get a chance to take your temperature and blood pressure before the call?|Were you able to check your vitals before we connected?]",
  "[Yes. My temperature was {temp}, and my blood pressure was {bp}.|I did. {Temp}, and the blood pressure was {bp}.]",
  "[{ok} So, what brings you in today?|Good. What can I help you with today?|{ok} Tell me what's been going on.]",
];

const CHILD_OPENING: Exchange = [
  "[Hi, is this {child}'s {relation}?|Hello, are you {child}'s {relation}? I'm doctor {clinician}.|Hi there, I'm {clinicianFull}, one of the pediatricians. Is this {child}'s {relation}?]",
  "[Yes, I'm {patient}. {Child} is right here with me.|Yes, that's me. We're both here.]",
  "[Hi, {child}! Can you both hear me okay?|Nice to meet you both. How's the sound on your end?]",
  "[Yes, we can hear you.|Loud and clear.]",
  "[Did you get a chance to check {their} temperature before the call?|Were you able to take {their} temperature before we connected?]",
  "[Yes, it was {temp} about an hour ago.|Yes. {Temp}, but I gave {them} medicine this morning.]",
  "[{ok} So, what's going on with {child}?|Good. What brings you in today?|{ok} Tell me what's been happening.]",
];

const ADULT_INTAKE: Exchange = [
  "[Before we go on, let me check your medications. What are you taking at the moment?|What medications are you on right now?|Are you on any regular medications?]",
  "[I take {backgroundMeds}.|Just {backgroundMeds}.|{BackgroundMeds}. That's it.]",
  "[Any allergies to medications?|Do you have any drug allergies?|And any allergies?]",
  "{allergy}",
];

const CHILD_INTAKE: Exchange = [
  "[Does {they} take any regular medicines?|Is {they} on any medicines every day?]",
  "[Just {childVitamins}.|Only {childVitamins}.]",
  "[Any allergies?|Is {they} allergic to any medicines?]",
  "{childAllergy}",
];

/** Asking for the next problem; the patient's answer goes on with the problem's complaint. */
const ADULT_BRIDGE: Exchange = [
  "[Is there anything else you wanted to talk about today?|Was there something else on your list?|Anything else bothering you?|What else can I help with today?]",
  "[Yes, actually.|There is one more thing.|While I have you, there's something else.|Yes.]",
];

const CHILD_BRIDGE: Exchange = [
  "[Anything else going on with {child}?|Was there something else you wanted to ask about?]",
  "[Yes, actually.|There's one more thing.|Yes.]",
];

/** Asking for the next problem when the parent brings up their own. */
const PARENT_BRIDGE: Exchange = [
  "[Is there anything else I can help with today?|Anything else before we finish?]",
  "[Actually, while I have you, can I ask about something for me?|This one's about me, not {child}.|Can I ask about myself for a minute?]",
];

const CLOSING: Exchange = [
  "[Okay, {patient}, I think that's all we have time for today.|All right, let's wrap up there, {patient}.|We're nearly out of time, so let me stop us there.] [I'll send a summary of everything we discussed to your patient portal.|You'll see the notes and any prescriptions in the app later today.]",
  "[Thank you.|Great, thanks.|Okay.]",
  "[I'd like to see you again in {followUp}.|Let's book a follow-up video visit in {followUp}.] [If anything gets worse before then, call the clinic or go to urgent care.|If there are any new or worsening symptoms, don't wait, get in touch.]",
  "[Will do. Thank you so much, doctor.|Okay, thank you, doctor {clinician}.|Thanks for your help.]",
  "[You're welcome. Take care.|Take care, bye now.|My pleasure. Bye.]",
  "[Bye.|Bye-bye.|Thanks, bye.]",
];

/**
 * A telehealth consult of about `words` words between a clinician and a patient (or a child's parent):
 * greeting and checks, then problem after problem (history, medications, examination, assessment and plan)
 * with talk of lifestyle, prevention or results between them, until time runs out and the clinician closes.
 * The clinician speaks first and the two speakers alternate.
 */
export function consultDialogue(random: Random, words: number): Turn[] {
  const first = random.pick(SCENARIOS);
  const cast = castConsult(random, first);
  const consult = new Scope(random, consultVocabulary(cast));
  const child = cast.child !== null;
  const problem = consult.problem();
  const opening = turns([...(child ? CHILD_OPENING : ADULT_OPENING), first.complaint], problem);
  const closing = turns(CLOSING, consult);
  const budget = words - count(opening) - count(closing);
  const body = within(budget, conversation(random, consult, cast, first, problem));
  return [...opening, ...body, ...closing];
}

/** The first turns of the conversation that fit the budget best, ending on the patient's word. */
function within(budget: number, conversation: Iterable<Turn>): Turn[] {
  const kept: Turn[] = [];
  let words = 0;
  let pending: Turn[] = [];
  let pendingWords = 0;
  for (const turn of conversation) {
    pending.push(turn);
    pendingWords += wordCount(turn.text);
    if (turn.speaker === "clinician") continue;
    if (words + pendingWords > budget) {
      if (words + pendingWords - budget < budget - words) kept.push(...pending);
      return kept;
    }
    kept.push(...pending);
    words += pendingWords;
    pending = [];
    pendingWords = 0;
  }
  return kept;
}

/**
 * Endless talk after the opening: the first problem, then topics and further problems in turn. A consult about
 * a child goes through the child's problems first; after that the parent may bring up their own.
 */
function* conversation(random: Random, consult: Scope, cast: Cast, first: Scenario, scope: Scope) {
  const child = cast.child !== null;
  const forParent = ({ patient }: { patient: Patient }) =>
    patient === "adult" || (patient === "woman" && cast.patient.sex === "female");
  const forChild = ({ patient }: { patient: Patient }) => patient === "child";
  const firstRound = child ? forChild : forParent;
  const everyRound = child ? (p: { patient: Patient }) => forChild(p) || forParent(p) : forParent;
  const scenarios = rotation(
    random,
    SCENARIOS.filter((scenario) => firstRound(scenario) && scenario !== first),
    SCENARIOS.filter(everyRound),
  );
  const topics = rotation(random, TOPICS.filter(firstRound), TOPICS.filter(everyRound));
  yield* problemTurns(random, first, scope, child ? CHILD_INTAKE : ADULT_INTAKE);
  for (;;) {
    if (random.chance(0.6)) yield* topicTurns(random, topics.next().value, consult.problem());
    const next = scenarios.next().value;
    const problem = consult.problem();
    const [question = "", answer = ""] = !child
      ? ADULT_BRIDGE
      : forChild(next)
        ? CHILD_BRIDGE
        : PARENT_BRIDGE;
    yield* turns([question, `${answer} ${next.complaint}`], problem);
    yield* problemTurns(random, next, problem, []);
  }
}

/** The rest of a problem after its complaint; the intake (medications, allergies) comes early in the history. */
function* problemTurns(random: Random, scenario: Scenario, scope: Scope, intake: Exchange) {
  const [first = [], ...history] = sometimes(random, scenario.history, 0.85).map((exchange, index) =>
    index === 0 ? exchange : naturally(random, exchange),
  );
  const early = Math.min(2, history.length);
  const exam = sometimes(random, scenario.exam, 0.9).map((exchange) => naturally(random, exchange));
  for (const exchange of [
    first,
    ...history.slice(0, early),
    intake,
    ...history.slice(early),
    ...exam,
    ...scenario.plan,
  ])
    yield* turns(exchange, scope);
}

function* topicTurns(random: Random, topic: Topic, scope: Scope) {
  for (const exchange of sometimes(random, topic.exchanges, 0.85))
    yield* turns(naturally(random, exchange), scope);
}

const ACKNOWLEDGEMENT = "[{ok}|Thanks.|That's helpful.|Good to know.|Okay, thank you.|Understood.]";
const HESITATION = "[Hmm.|Let me think.|Let me see.|Good question.|Oh.]";

/**
 * The exchange as people say it: a clinician's question now and then opens with an acknowledgement of the
 * last answer, and the answer with a moment's hesitation.
 */
function naturally(random: Random, exchange: Exchange): Exchange {
  const [question, answer, ...rest] = exchange;
  if (question === undefined || answer === undefined || !question.includes("?")) return exchange;
  return [
    random.chance(0.4) ? `${ACKNOWLEDGEMENT} ${question}` : question,
    random.chance(0.12) ? `${HESITATION} ${answer}` : answer,
    ...rest,
  ];
}

/** The first exchange, and each later one with probability `p`. */
function sometimes(random: Random, exchanges: readonly Exchange[], p: number): Exchange[] {
  return exchanges.filter((_, index) => index === 0 || random.chance(p));
}

/** The first round's items in a shuffled order, then rounds of all items, never the same item twice in a row. */
function* rotation<T>(
  random: Random,
  firstRound: readonly T[],
  everyRound: readonly T[],
): Generator<T, never> {
  let round = random.shuffle(firstRound);
  for (;;) {
    yield* round;
    const last = round.at(-1);
    round = random.shuffle(everyRound);
    if (round.length > 1 && round[0] === last) round.push(round.shift() as T);
  }
}

/** An exchange said in a scope: clinician and patient alternately, the clinician first. */
function turns(exchange: Exchange, scope: Scope): Turn[] {
  return exchange.map((phrase, index) => ({
    speaker: index % 2 === 0 ? "clinician" : "patient",
    text: scope.say(phrase),
  }));
}

function count(turns: Turn[]): number {
  return turns.reduce((sum, turn) => sum + wordCount(turn.text), 0);
}
