import type { Vocabulary, Word } from "./phrase.js";
import type { Random } from "./random.js";
import type { Scenario } from "./scenario.js";

/** The invented people of a consult (no real patient), with what about the patient shapes the consult. */
export interface Cast {
  clinician: { first: string; last: string };
  patient: { first: string; last: string; sex: Sex };
  /** Present when the patient is a child, brought by the parent who speaks for them. */
  child: { name: string; sex: Sex } | null;
  penicillinAllergy: boolean;
  /** The medicines (vocabulary words) the patient takes regularly. */
  medications: string[];
}

type Sex = "female" | "male";

const CLINICIANS = {
  first: ["Lucía", "Amara", "Tomás", "Ingrid", "Kenji", "Nadia", "Hélène", "Samuel", "Priya", "Owen"],
  last: ["Okafor", "Fernández", "Lindqvist", "Nakamura", "Haddad", "Moreau", "Brennan", "Østby", "Castañeda"],
};
const FIRST_NAMES: Record<Sex, string[]> = {
  female: ["Zoë", "Renée", "Maria", "Aisha", "Chloé", "Inês", "Hannah", "Grace", "Noémie", "Fatima", "Sofia"],
  male: [
    "André",
    "James",
    "Daniel",
    "Marcus",
    "Björn",
    "Luis",
    "Peter",
    "Ethan",
    "Oliver",
    "Rafael",
    "Tobias",
  ],
};
const LAST_NAMES = ["Whitfield", "Baptiste", "Nguyen", "Delgado", "Okoye", "Hartmann", "Lefèvre", "Sorensen"];
const CHILD_NAMES: Record<Sex, string[]> = {
  female: ["Léa", "Mia", "Ava", "Amélie", "Nora", "Isla"],
  male: ["Noah", "Mateo", "Elliot", "Leo", "Jonah", "Théo"],
};

/**
 * Invents the people of a consult that opens with this problem: its kind of patient, taking its medicines
 * and a supplement dosed in micrograms (perhaps blood pressure medicine too).
 */
export function castConsult(random: Random, { patient, medications = [] }: Scenario): Cast {
  const sex = (): Sex => random.pick(["female", "male"] as const);
  const patientSex = patient === "woman" ? "female" : sex();
  const childSex = sex();
  return {
    clinician: { first: random.pick(CLINICIANS.first), last: random.pick(CLINICIANS.last) },
    patient: { first: random.pick(FIRST_NAMES[patientSex]), last: random.pick(LAST_NAMES), sex: patientSex },
    child: patient === "child" ? { name: random.pick(CHILD_NAMES[childSex]), sex: childSex } : null,
    penicillinAllergy: random.chance(0.2),
    medications: [
      ...new Set([
        ...medications,
        random.pick(["levothyroxine", "vitaminD", "vitaminB12"]),
        ...(random.chance(0.3) ? ["lisinopril"] : []),
      ]),
    ],
  };
}

const each = (phrase: string): Word => ({ level: "each", make: (scope) => scope.say(phrase) });
const perProblem = (phrase: string): Word => ({ level: "problem", make: (scope) => scope.say(phrase) });
const perConsult = (phrase: string): Word => ({ level: "consult", make: (scope) => scope.say(phrase) });
const measured = (min: number, max: number, decimals: number, unit = ""): Word => ({
  level: "problem",
  make: (scope) => `${scope.random.between(min, max).toFixed(decimals)}${unit}`,
});
const pressure = (systolic: [number, number], diastolic: [number, number]): Word => ({
  level: "problem",
  make: ({ random }) => `${random.int(...systolic)}/${random.int(...diastolic)}`,
});

/**
 * The words consult phrases are filled with: the cast, durations, home measurements and the usual medicines
 * with realistic doses and frequencies. A medicine's dose holds for the whole consult.
 */
export function consultVocabulary(cast: Cast): Vocabulary {
  return {
    ...(cast.child ? childWords(cast.child, cast.penicillinAllergy) : {}),
    clinician: perConsult(cast.clinician.last),
    clinicianFull: perConsult(`${cast.clinician.first} ${cast.clinician.last}`),
    patient: perConsult(cast.patient.first),
    patientFull: perConsult(`${cast.patient.first} ${cast.patient.last}`),
    relation: perConsult(cast.patient.sex === "female" ? "mom" : "dad"),
    dateOfBirth: {
      level: "consult",
      make: (scope) => scope.say(`{month} ${scope.random.int(1, 28)}, ${scope.random.int(1950, 1998)}`),
    },
    allergy: perConsult(
      cast.penicillinAllergy
        ? "[Penicillin. I broke out in hives when I was a kid.|I'm allergic to penicillin, it gives me a rash.]"
        : "[None that I know of.|No drug allergies, just pollen and cats.|Sulfa drugs, they gave me a bad rash.|Codeine makes me throw up, but that's it.]",
    ),

    ok: each("[Okay.|All right.|Right.|I see.|Got it.|Mm-hmm.]"),
    thanks: each("[Thank you.|Thanks.|Great, thank you.|Perfect, thanks.]"),
    day: perProblem("[Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday]"),
    month: perProblem(
      "[January|February|March|April|May|June|July|August|September|October|November|December]",
    ),
    duration: perProblem(
      "[two days|three days|four days|five days|about a week|a week and a half|about ten days|two weeks|almost three weeks]",
    ),
    ago: perProblem(
      "[three days ago|four days ago|on {day}|over the weekend|last {day}|about a week ago|a couple of days ago|two weeks ago]",
    ),
    longDuration: perProblem("[about six months|around a year|two years|five years|about ten years]"),
    weeks: perProblem("[three|four|six|eight]"),
    times: perProblem("[two|three|four|five|six]"),
    severity: perProblem("[4|5|6|7|8]"),
    followUp: perConsult("[two weeks|three weeks|four weeks|six weeks|three months]"),
    age: perProblem("[48|52|55|61|64|67]"),

    temp: measured(97.6, 99.1, 1, "°F"),
    fever: measured(100.4, 102.9, 1, "°F"),
    bp: pressure([114, 136], [70, 86]),
    highBp: pressure([144, 172], [88, 104]),
    pulse: { level: "problem", make: ({ random }) => String(random.int(62, 98)) },
    spo2: { level: "problem", make: ({ random }) => String(random.int(94, 99)) },
    glucose: { level: "problem", make: ({ random }) => String(random.int(128, 214)) },
    a1c: measured(6.8, 9.4, 1),
    weight: { level: "problem", make: ({ random }) => String(random.int(128, 246)) },
    peakFlow: { level: "problem", make: ({ random }) => String(10 * random.int(24, 41)) },
    ldl: { level: "problem", make: ({ random }) => String(random.int(96, 172)) },
    total: { level: "problem", make: ({ random }) => String(random.int(180, 262)) },
    risk: { level: "problem", make: ({ random }) => String(random.int(6, 18)) },
    tsh: measured(0.8, 4.2, 1),
    highTsh: measured(4.8, 8.9, 1),
    egfr: { level: "problem", make: ({ random }) => String(random.int(58, 104)) },

    metformin: perConsult("metformin [500|850|1000] mg twice a day[ with meals|]"),
    lisinopril: perConsult("lisinopril [10|20|40] mg once a day"),
    amlodipine: perConsult("amlodipine [5|10] mg [once a day|every morning]"),
    atorvastatin: perConsult("atorvastatin [10|20|40] mg at night"),
    levothyroxine: perConsult("levothyroxine [50|75|88|100|112] µg every morning"),
    sertraline: perConsult("sertraline [50|100|150] mg once a day"),
    omeprazole: perConsult("omeprazole [20|40] mg before breakfast"),
    albuterol: perConsult("albuterol 90 µg, two puffs every four to six hours as needed"),
    fluticasone: perConsult("fluticasone [44|110|220] µg, two puffs twice a day"),
    montelukast: perConsult("montelukast 10 mg at bedtime"),
    fluticasoneNasal: perConsult(
      "fluticasone nasal spray, 50 µg per spray, two sprays in each nostril once a day",
    ),
    cetirizine: perConsult("cetirizine 10 mg once a day"),
    vitaminD: perConsult("vitamin D [25|50] µg a day"),
    vitaminB12: perConsult("vitamin B12 [500|1000] µg daily"),
    ibuprofen: perConsult("ibuprofen [200|400|600] mg [every six hours|three times a day] as needed"),
    acetaminophen: perConsult("acetaminophen [500|650|1000] mg every six hours as needed"),
    nitrofurantoin: perConsult("nitrofurantoin 100 mg twice a day for five days"),
    sumatriptan: perConsult("sumatriptan [50|100] mg at the start of a migraine"),
    topiramate: perConsult("topiramate 25 mg at night"),
    propranolol: perConsult("propranolol [20|40] mg twice a day"),
    empagliflozin: perConsult("empagliflozin [10|25] mg once a day"),
    prednisone: perConsult("prednisone 40 mg once a day for five days"),
    antibiotic: perConsult(
      cast.penicillinAllergy
        ? "azithromycin 500 mg on the first day, then 250 mg once a day for four more days"
        : "amoxicillin [500 mg three times a day|875 mg twice a day] for [five|seven] days",
    ),
    childAntibiotic: perConsult(
      cast.penicillinAllergy
        ? "azithromycin liquid, 200 mg per 5 mL, [3|4|5] mL once a day for five days"
        : "amoxicillin liquid, 400 mg per 5 mL, [5|6|7.5] mL twice a day for ten days",
    ),
    childIbuprofen: perConsult(
      "children's ibuprofen, 100 mg per 5 mL, [5|7.5|10] mL every six to eight hours",
    ),
    childAcetaminophen: perConsult(
      "children's acetaminophen, 160 mg per 5 mL, [5|7.5|10] mL every four to six hours",
    ),
    childAlbuterol: perConsult("albuterol 90 µg, two puffs with the spacer every four hours as needed"),
    childFluticasone: perConsult("fluticasone 44 µg, one puff twice a day with the spacer"),
    childVitamins: perConsult(
      "[vitamin D drops, 10 µg a day|a chewable multivitamin and vitamin D, 15 µg a day]",
    ),
    backgroundMeds: {
      level: "consult",
      make: (scope) => {
        const meds = cast.medications.map((name) => scope.say(`{${name}}`));
        return meds.length === 1 ? (meds[0] ?? "") : `${meds.slice(0, -1).join(", ")} and ${meds.at(-1)}`;
      },
    },
  };
}

/** The words only a consult about a child has: the child's name, pronouns, age, weight and allergy. */
function childWords(child: NonNullable<Cast["child"]>, penicillinAllergy: boolean): Vocabulary {
  const she = child.sex === "female";
  return {
    childAllergy: perConsult(
      penicillinAllergy
        ? "[{They}'s allergic to penicillin, {they} got a rash from amoxicillin once.|Penicillin. {They} broke out in hives.]"
        : "[No allergies.|None that we know of.|Just peanuts, but no medicine allergies.]",
    ),
    child: perConsult(child.name),
    they: perConsult(she ? "she" : "he"),
    them: perConsult(she ? "her" : "him"),
    their: perConsult(she ? "her" : "his"),
    daughter: perConsult(she ? "daughter" : "son"),
    childAge: perConsult("[two|three|four|five|six|seven|eight]"),
    childWeight: { level: "consult", make: ({ random }) => String(random.int(28, 62)) },
  };
}
