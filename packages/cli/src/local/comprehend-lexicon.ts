/**
 * The offline Comprehend Medical stand-in's whole knowledge: a small curated lexicon of common primary-care
 * medications (RxNorm ingredient codes), conditions (ICD-10-CM, SNOMED CT), tests, treatments and body sites.
 * Enough to make a local run's entities document look like a real one; no substitute for the service.
 */

export interface Coding {
  code: string;
  description: string;
}

export interface MedicationTerm {
  /** Lower-case names as spoken, the first being the RxNorm ingredient's name. */
  names: readonly string[];
  rxnorm: Coding;
}

export interface ConditionTerm {
  names: readonly string[];
  /** How a patient or clinician usually presents it: a symptom they feel, a sign seen, or a diagnosis made. */
  trait: "SYMPTOM" | "SIGN" | "DIAGNOSIS";
  icd10cm: Coding;
  snomedct: Coding;
}

export interface ProcedureTerm {
  names: readonly string[];
  type: "TEST_NAME" | "TREATMENT_NAME" | "PROCEDURE_NAME";
  snomedct?: Coding;
}

export interface AnatomyTerm {
  names: readonly string[];
  snomedct?: Coding;
}

const rx = (code: string, description: string): Coding => ({ code, description });

export const MEDICATIONS: readonly MedicationTerm[] = [
  { names: ["metformin"], rxnorm: rx("6809", "Metformin") },
  { names: ["lisinopril"], rxnorm: rx("29046", "Lisinopril") },
  { names: ["atorvastatin"], rxnorm: rx("83367", "Atorvastatin") },
  { names: ["simvastatin"], rxnorm: rx("36567", "Simvastatin") },
  { names: ["rosuvastatin"], rxnorm: rx("301542", "Rosuvastatin") },
  { names: ["amlodipine"], rxnorm: rx("17767", "Amlodipine") },
  { names: ["losartan"], rxnorm: rx("52175", "Losartan") },
  { names: ["hydrochlorothiazide"], rxnorm: rx("5487", "Hydrochlorothiazide") },
  { names: ["metoprolol"], rxnorm: rx("6918", "Metoprolol") },
  { names: ["furosemide"], rxnorm: rx("4603", "Furosemide") },
  { names: ["warfarin"], rxnorm: rx("11289", "Warfarin") },
  { names: ["apixaban"], rxnorm: rx("1364430", "Apixaban") },
  { names: ["clopidogrel"], rxnorm: rx("32968", "Clopidogrel") },
  { names: ["aspirin"], rxnorm: rx("1191", "Aspirin") },
  { names: ["acetaminophen", "paracetamol"], rxnorm: rx("161", "Acetaminophen") },
  { names: ["ibuprofen"], rxnorm: rx("5640", "Ibuprofen") },
  { names: ["naproxen"], rxnorm: rx("7258", "Naproxen") },
  { names: ["amoxicillin"], rxnorm: rx("723", "Amoxicillin") },
  { names: ["azithromycin"], rxnorm: rx("18631", "Azithromycin") },
  { names: ["doxycycline"], rxnorm: rx("3640", "Doxycycline") },
  { names: ["cephalexin"], rxnorm: rx("2231", "Cephalexin") },
  { names: ["ciprofloxacin"], rxnorm: rx("2551", "Ciprofloxacin") },
  { names: ["nitrofurantoin"], rxnorm: rx("7454", "Nitrofurantoin") },
  { names: ["albuterol", "salbutamol"], rxnorm: rx("435", "Albuterol") },
  { names: ["fluticasone"], rxnorm: rx("41126", "Fluticasone") },
  { names: ["budesonide"], rxnorm: rx("19831", "Budesonide") },
  { names: ["montelukast"], rxnorm: rx("88249", "Montelukast") },
  { names: ["cetirizine"], rxnorm: rx("20610", "Cetirizine") },
  { names: ["loratadine"], rxnorm: rx("28889", "Loratadine") },
  { names: ["omeprazole"], rxnorm: rx("7646", "Omeprazole") },
  { names: ["pantoprazole"], rxnorm: rx("40790", "Pantoprazole") },
  { names: ["levothyroxine"], rxnorm: rx("10582", "Levothyroxine") },
  { names: ["sertraline"], rxnorm: rx("36437", "Sertraline") },
  { names: ["citalopram"], rxnorm: rx("2556", "Citalopram") },
  { names: ["escitalopram"], rxnorm: rx("321988", "Escitalopram") },
  { names: ["fluoxetine"], rxnorm: rx("4493", "Fluoxetine") },
  { names: ["gabapentin"], rxnorm: rx("25480", "Gabapentin") },
  { names: ["prednisone"], rxnorm: rx("8640", "Prednisone") },
  { names: ["insulin glargine"], rxnorm: rx("274783", "Insulin Glargine") },
];

const dx = (code: string, description: string): Coding => ({ code, description });

export const CONDITIONS: readonly ConditionTerm[] = [
  {
    names: ["hypertension", "high blood pressure"],
    trait: "DIAGNOSIS",
    icd10cm: dx("I10", "Essential (primary) hypertension"),
    snomedct: dx("38341003", "Hypertensive disorder, systemic arterial (disorder)"),
  },
  {
    names: ["type 2 diabetes", "diabetes"],
    trait: "DIAGNOSIS",
    icd10cm: dx("E11.9", "Type 2 diabetes mellitus without complications"),
    snomedct: dx("44054006", "Diabetes mellitus type 2 (disorder)"),
  },
  {
    names: ["asthma"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J45.909", "Unspecified asthma, uncomplicated"),
    snomedct: dx("195967001", "Asthma (disorder)"),
  },
  {
    names: ["copd"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J44.9", "Chronic obstructive pulmonary disease, unspecified"),
    snomedct: dx("13645005", "Chronic obstructive lung disease (disorder)"),
  },
  {
    names: ["hyperlipidemia", "high cholesterol"],
    trait: "DIAGNOSIS",
    icd10cm: dx("E78.5", "Hyperlipidemia, unspecified"),
    snomedct: dx("55822004", "Hyperlipidemia (disorder)"),
  },
  {
    names: ["hypothyroidism"],
    trait: "DIAGNOSIS",
    icd10cm: dx("E03.9", "Hypothyroidism, unspecified"),
    snomedct: dx("40930008", "Hypothyroidism (disorder)"),
  },
  {
    names: ["atrial fibrillation"],
    trait: "DIAGNOSIS",
    icd10cm: dx("I48.91", "Unspecified atrial fibrillation"),
    snomedct: dx("49436004", "Atrial fibrillation (disorder)"),
  },
  {
    names: ["gerd", "acid reflux", "heartburn"],
    trait: "DIAGNOSIS",
    icd10cm: dx("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
    snomedct: dx("235595009", "Gastroesophageal reflux disease (disorder)"),
  },
  {
    names: ["depression"],
    trait: "DIAGNOSIS",
    icd10cm: dx("F32.A", "Depression, unspecified"),
    snomedct: dx("35489007", "Depressive disorder (disorder)"),
  },
  {
    names: ["anxiety"],
    trait: "DIAGNOSIS",
    icd10cm: dx("F41.9", "Anxiety disorder, unspecified"),
    snomedct: dx("197480006", "Anxiety disorder (disorder)"),
  },
  {
    names: ["insomnia"],
    trait: "DIAGNOSIS",
    icd10cm: dx("G47.00", "Insomnia, unspecified"),
    snomedct: dx("193462001", "Insomnia (disorder)"),
  },
  {
    names: ["migraine"],
    trait: "DIAGNOSIS",
    icd10cm: dx("G43.909", "Migraine, unspecified, not intractable, without status migrainosus"),
    snomedct: dx("37796009", "Migraine (disorder)"),
  },
  {
    names: ["otitis media", "ear infection"],
    trait: "DIAGNOSIS",
    icd10cm: dx("H66.90", "Otitis media, unspecified, unspecified ear"),
    snomedct: dx("65363002", "Otitis media (disorder)"),
  },
  {
    names: ["urinary tract infection", "uti"],
    trait: "DIAGNOSIS",
    icd10cm: dx("N39.0", "Urinary tract infection, site not specified"),
    snomedct: dx("68566005", "Urinary tract infectious disease (disorder)"),
  },
  {
    names: ["sinusitis", "sinus infection"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J01.90", "Acute sinusitis, unspecified"),
    snomedct: dx("36971009", "Sinusitis (disorder)"),
  },
  {
    names: ["bronchitis"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J20.9", "Acute bronchitis, unspecified"),
    snomedct: dx("10509002", "Acute bronchitis (disorder)"),
  },
  {
    names: ["pneumonia"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J18.9", "Pneumonia, unspecified organism"),
    snomedct: dx("233604007", "Pneumonia (disorder)"),
  },
  {
    names: ["influenza", "flu"],
    trait: "DIAGNOSIS",
    icd10cm: dx(
      "J11.1",
      "Influenza due to unidentified influenza virus with other respiratory manifestations",
    ),
    snomedct: dx("6142004", "Influenza (disorder)"),
  },
  {
    names: ["allergic rhinitis", "hay fever"],
    trait: "DIAGNOSIS",
    icd10cm: dx("J30.9", "Allergic rhinitis, unspecified"),
    snomedct: dx("61582004", "Allergic rhinitis (disorder)"),
  },
  {
    names: ["osteoarthritis"],
    trait: "DIAGNOSIS",
    icd10cm: dx("M19.90", "Unspecified osteoarthritis, unspecified site"),
    snomedct: dx("396275006", "Osteoarthritis (disorder)"),
  },
  {
    names: ["obesity"],
    trait: "DIAGNOSIS",
    icd10cm: dx("E66.9", "Obesity, unspecified"),
    snomedct: dx("414916001", "Obesity (disorder)"),
  },
  {
    names: ["fever"],
    trait: "SIGN",
    icd10cm: dx("R50.9", "Fever, unspecified"),
    snomedct: dx("386661006", "Fever (finding)"),
  },
  {
    names: ["headache"],
    trait: "SYMPTOM",
    icd10cm: dx("R51.9", "Headache, unspecified"),
    snomedct: dx("25064002", "Headache (finding)"),
  },
  {
    names: ["cough"],
    trait: "SYMPTOM",
    icd10cm: dx("R05.9", "Cough, unspecified"),
    snomedct: dx("49727002", "Cough (finding)"),
  },
  {
    names: ["sore throat"],
    trait: "SYMPTOM",
    icd10cm: dx("J02.9", "Acute pharyngitis, unspecified"),
    snomedct: dx("162397003", "Pain in throat (finding)"),
  },
  {
    names: ["chest pain"],
    trait: "SYMPTOM",
    icd10cm: dx("R07.9", "Chest pain, unspecified"),
    snomedct: dx("29857009", "Chest pain (finding)"),
  },
  {
    names: ["shortness of breath"],
    trait: "SYMPTOM",
    icd10cm: dx("R06.02", "Shortness of breath"),
    snomedct: dx("267036007", "Dyspnea (finding)"),
  },
  {
    names: ["abdominal pain", "stomach ache"],
    trait: "SYMPTOM",
    icd10cm: dx("R10.9", "Unspecified abdominal pain"),
    snomedct: dx("21522001", "Abdominal pain (finding)"),
  },
  {
    names: ["back pain"],
    trait: "SYMPTOM",
    icd10cm: dx("M54.9", "Dorsalgia, unspecified"),
    snomedct: dx("161891005", "Backache (finding)"),
  },
  {
    names: ["nausea"],
    trait: "SYMPTOM",
    icd10cm: dx("R11.0", "Nausea"),
    snomedct: dx("422587007", "Nausea (finding)"),
  },
  {
    names: ["vomiting"],
    trait: "SYMPTOM",
    icd10cm: dx("R11.10", "Vomiting, unspecified"),
    snomedct: dx("422400008", "Vomiting (disorder)"),
  },
  {
    names: ["diarrhea", "diarrhoea"],
    trait: "SYMPTOM",
    icd10cm: dx("R19.7", "Diarrhea, unspecified"),
    snomedct: dx("62315008", "Diarrhea (finding)"),
  },
  {
    names: ["constipation"],
    trait: "SYMPTOM",
    icd10cm: dx("K59.00", "Constipation, unspecified"),
    snomedct: dx("14760008", "Constipation (finding)"),
  },
  {
    names: ["dizziness"],
    trait: "SYMPTOM",
    icd10cm: dx("R42", "Dizziness and giddiness"),
    snomedct: dx("404640003", "Dizziness (finding)"),
  },
  {
    names: ["fatigue", "tiredness"],
    trait: "SYMPTOM",
    icd10cm: dx("R53.83", "Other fatigue"),
    snomedct: dx("84229001", "Fatigue (finding)"),
  },
  {
    names: ["rash"],
    trait: "SIGN",
    icd10cm: dx("R21", "Rash and other nonspecific skin eruption"),
    snomedct: dx("271807003", "Eruption of skin (disorder)"),
  },
];

export const PROCEDURES: readonly ProcedureTerm[] = [
  {
    names: ["blood pressure"],
    type: "TEST_NAME",
    snomedct: dx("75367002", "Blood pressure (observable entity)"),
  },
  { names: ["temperature"], type: "TEST_NAME" },
  { names: ["blood test", "blood work"], type: "TEST_NAME" },
  { names: ["chest x-ray"], type: "TEST_NAME", snomedct: dx("399208008", "Plain chest X-ray (procedure)") },
  { names: ["x-ray"], type: "TEST_NAME" },
  {
    names: ["ecg", "ekg", "electrocardiogram"],
    type: "TEST_NAME",
    snomedct: dx("29303009", "Electrocardiographic procedure (procedure)"),
  },
  { names: ["a1c", "hba1c"], type: "TEST_NAME" },
  { names: ["urine test", "urinalysis"], type: "TEST_NAME" },
  { names: ["physical therapy", "physiotherapy"], type: "TREATMENT_NAME" },
  { names: ["surgery"], type: "PROCEDURE_NAME" },
];

export const ANATOMY: readonly AnatomyTerm[] = [
  { names: ["chest"] },
  { names: ["throat"] },
  { names: ["ear", "ears"] },
  { names: ["stomach", "abdomen"] },
  { names: ["lungs", "lung"] },
  { names: ["heart"] },
  { names: ["knee", "knees"] },
  { names: ["skin"] },
];

/** Strengths and doses after a medication name, such as "500 mg" or "25 µg". */
export const DOSAGE =
  /(?<![\p{L}\p{N}.])\d+(?:\.\d+)?\s?(?:mg|mcg|µg|μg|g|ml|units?|puffs?|tablets?|capsules?)(?![\p{L}\p{N}])/iu;

export const FREQUENCY =
  /(?<![\p{L}\p{N}])(?:(?:once|twice|three times|four times) (?:a|per) (?:day|week)|(?:every|each) (?:day|morning|night|evening|\d+ hours)|daily|nightly|weekly|at (?:night|bedtime)|as needed|bid|tid|qid)(?![\p{L}\p{N}])/iu;

export const ROUTE_OR_MODE =
  /(?<![\p{L}\p{N}])(?:by mouth|orally|oral|po|inhaled|inhaler|topical|injection|intravenous|iv)(?![\p{L}\p{N}])/iu;

/** Words that deny what follows them in the same clause: "no fever", "denies chest pain", "not taking". */
export const NEGATION =
  /(?<![\p{L}\p{N}])(?:no|not|denies|denied|without|never)(?![\p{L}\p{N}])[^.?!,;\n]{0,30}$/iu;
