import type { Scenario } from "./scenario.js";

const otitisMedia: Scenario = {
  name: "otitis media",
  patient: "child",
  complaint:
    "[{Child} has been pulling at {their} ear and crying at night.|{Child} woke up screaming last night, saying {their} ear hurts.|{They}'s had a fever and keeps holding {their} right ear.]",
  history: [
    ["[Oh, poor thing.|I'm sorry, that's no fun.] How old is {child} now?", "{They}'s {childAge}."],
    [
      "Has {they} had a fever?",
      "[Yes, last night it was {fever}.|It got up to {fever} this morning.|{They} felt hot, and the thermometer said {fever}.]",
    ],
    [
      "Any cold symptoms before this, like a runny nose or a cough?",
      "[Yes, {they} had a runny nose all last week.|A bit of a cough, and a stuffy nose.]",
    ],
    [
      "Is {they} eating and drinking okay?",
      "[{They}'s drinking, but not eating much.|Less than usual, but {they}'s still drinking water and juice.]",
    ],
    ["Any discharge from the ear?", "[No.|There was some yellow stuff on {their} pillow this morning.]"],
    [
      "Has {they} had ear infections before?",
      "[One last winter.|Two or three. The last one was in {month}.|No, this is the first.]",
    ],
    [
      "What have you given {them} so far?",
      "[{ChildIbuprofen}, and it helps for a few hours.|Some {childAcetaminophen} last night.]",
    ],
  ],
  exam: [
    [
      "[Do you have the otoscope attachment we sent?|Did the ear camera arrive in the mail?] [Could you gently pull {their} ear up and back, and put the tip in?|Gently pull the ear back, and slide the tip in just a little.]",
      "Okay, hold still, sweetheart. [Is this right?|Can you see?]",
    ],
    [
      "Yes, that's perfect. The eardrum is red and bulging, [and there's fluid behind it|and I can see pus behind it].",
      "[Oh no.|I thought so.]",
    ],
    ["Can you check {their} temperature again?", "[It's {fever} now.|Still {fever}.]"],
  ],
  plan: [
    [
      "{Child} has an ear infection, otitis media. Because of the fever and how much it hurts, I'd like to treat it with {childAntibiotic}.",
      "[@q Okay. Does {they} need to finish all of it?|How soon will {they} feel better?]",
    ],
    [
      "[@q Yes, even if {they} seems better after a couple of days.|Usually within 48 to 72 hours.] Keep giving {childIbuprofen} for the pain. If {they}'s not better in two or three days, or the fever goes above 102.2°F, call us.",
      "[Okay, thank you.|Will do.]",
    ],
  ],
};

const childCough: Scenario = {
  name: "viral respiratory infection in a child",
  patient: "child",
  complaint:
    "[{Child} has had a fever and a cough since {day}.|{Child} has a barky cough, and {they}'s running a fever.|{They}'s been coughing for {duration}, and now {they} has a fever.]",
  history: [
    [
      "How high has the fever been?",
      "[The highest was {fever}, last night.|Around {fever}, it comes down with medicine.]",
    ],
    [
      "Is {they} having any trouble breathing? Any noisy breathing when {they}'s resting?",
      "[No, just when {they} coughs.|A little whistling sound at night.|It sounded a bit noisy last night, but it's better now.]",
    ],
    [
      "Is {they} drinking enough? And going to the bathroom?",
      "[Yes, {they}'s drinking fine.|Less than usual, but {they} peed this morning.]",
    ],
    [
      "Anyone else sick? Does {they} go to daycare or school?",
      "[{They}'s in preschool, and half the class is sick.|{Their} brother had the same cough last week.]",
    ],
    ["Any rash?", "[No.|No rash.]"],
    [
      "Is {they} up to date with {their} vaccines?",
      "[Yes, everything. {They} had the flu shot in the fall too.|Yes, all up to date.]",
    ],
  ],
  exam: [
    [
      "[Could you lift {their} shirt and point the camera at {their} chest, so I can watch {them} breathe?|Can I see {their} chest and tummy while {they} breathes?]",
      "[Okay. Is this good?|There you go.]",
    ],
    [
      "That's great. I don't see any pulling in between the ribs, and {they}'s breathing comfortably. What's {their} temperature now?",
      "[{fever}.|It's {fever}.]",
    ],
  ],
  plan: [
    [
      "This looks like a viral infection. It should get better on its own in about a week. You can give {childAcetaminophen} for the fever.",
      "[@q Does {they} need antibiotics?|{ok} Anything for the cough?]",
    ],
    [
      "[@q No, antibiotics won't help with a virus.|For children over one, a spoonful of honey at bedtime can help the cough.] Keep {them} home until the fever is gone for 24 hours. If {they} has trouble breathing, stops drinking, or the fever lasts more than three days, call us or go to the emergency room.",
      "[Okay, thank you.|Got it.]",
    ],
  ],
};

const childAsthma: Scenario = {
  name: "asthma in a child",
  patient: "child",
  complaint:
    "[{Child} has been wheezing again.|{Child}'s asthma is acting up, {they} coughs every night.|{They}'s been short of breath when {they} runs around at school.]",
  history: [
    [
      "How often are you giving the albuterol?",
      "[Three or four times a day since {day}.|Every night before bed, and once in the morning.]",
    ],
    [
      "Did anything set it off? A cold, or something new at home?",
      "[{They} had a cold {ago}.|We visited my sister, and she has a dog.|It's always worse in the spring.]",
    ],
    [
      "Is {they} on a daily controller inhaler?",
      "[Yes, {childFluticasone}. We forget sometimes.|No, just the albuterol.]",
    ],
    [
      "Has {they} missed school because of it?",
      "[Two days last week.|No, but {they} sits out in gym class.]",
    ],
  ],
  exam: [
    [
      "Can you take {their} shirt off and let me see {them} breathe for a bit?",
      "[Okay. Breathe normally, sweetheart.|There.]",
    ],
    [
      "I can see a little tugging under the ribs. Do you have the pulse oximeter? What does it say?",
      "[{spo2} percent.|It says {spo2}, and the pulse is {pulse}.]",
    ],
  ],
  plan: [
    [
      "That's okay, but the asthma isn't well controlled. I'd like {them} on {childFluticasone} every day, and keep {childAlbuterol}.",
      "[Okay. Every day, even when {they}'s fine?|Does {they} need it every day?]",
    ],
    [
      "Yes, every day. It takes a couple of weeks to work. If {they} needs the albuterol more than every four hours, or {their} lips look blue, go to the emergency room.",
      "[Okay, I'll watch for that.|Understood. Thank you.]",
    ],
  ],
};

const gastroenteritis: Scenario = {
  name: "gastroenteritis in a child",
  patient: "child",
  complaint:
    "[{Child} has been throwing up since last night.|{Child} has a stomach bug, vomiting and diarrhea.|{They}'s had diarrhea for {duration}, and threw up twice this morning.]",
  history: [
    [
      "How many times has {they} vomited?",
      "[{Times} times since last night.|Twice this morning, nothing since.]",
    ],
    [
      "Is {they} keeping any fluids down?",
      "[Small sips of water, yes.|{They} drank some juice an hour ago and kept it down.]",
    ],
    ["When did {they} last pee?", "[This morning, around 7.|About four hours ago.]"],
    ["Any blood in the stool, or very bad tummy pain?", "[No blood.|No, just cramps before {they} goes.]"],
    ["Any fever?", "[A low one, {temp}.|It was {fever} last night.]"],
  ],
  exam: [
    [
      "Can you show me {their} mouth and tongue? Are they moist?",
      "[Yes, {their} tongue is wet.|A little dry, I think.]",
    ],
    [
      "Press gently on {their} tummy. Does {they} cry or pull away?",
      "[No, {they}'s laughing.|A little, on the left.]",
    ],
  ],
  plan: [
    [
      "This looks like a stomach virus, gastroenteritis. The main thing is fluids. Give small sips of an oral rehydration solution, about a teaspoon every few minutes.",
      "[@q Can {they} eat?|{ok} What about the diarrhea?]",
    ],
    [
      "[@q Yes, offer normal food when {they}'s hungry.|The diarrhea can last a week, that's normal.] If {they} doesn't pee for eight hours, is very sleepy, or there's blood in the stool, go to the emergency room.",
      "[Okay, thank you.|I'll keep an eye on it.]",
    ],
  ],
};

const conjunctivitis: Scenario = {
  name: "conjunctivitis in a child",
  patient: "child",
  complaint:
    "[{Child}'s eye is red and crusty.|I think {child} has pink eye.|{They} woke up with {their} eye glued shut.]",
  history: [
    ["One eye or both?", "[Just the left one.|It started in one, now it's both.]"],
    [
      "Is there yellow or green discharge, or is it watery?",
      "[Yellow, crusty stuff in the morning.|Mostly watery.]",
    ],
    [
      "Is {they} rubbing it? Any pain, or trouble seeing?",
      "[{They} rubs it, but says it doesn't hurt.|No trouble seeing.]",
    ],
    ["Anyone else with red eyes?", "[A few kids in {their} class.|Not that I know of.]"],
  ],
  exam: [
    [
      "[Could you bring the camera close to {their} eyes, and gently pull down the lower lid?|Can you hold the phone close to {their} face, so I can see the eye?]",
      "[Okay, look up, sweetheart.|Is this close enough?]",
    ],
    [
      "[The white of the eye is pink, with some discharge.|I can see redness and a little crust on the lashes.] [The eyelid isn't swollen.|The skin around the eye looks fine.]",
      "[{ok}|Okay, that's good.]",
    ],
  ],
  plan: [
    [
      "This looks like bacterial conjunctivitis. I'll prescribe antibiotic eye drops, polymyxin and trimethoprim, one drop four times a day for seven days.",
      "[Can {they} go to school?|{ok} Is it contagious?]",
    ],
    [
      "It's contagious, so wash hands often, and use separate towels. {They} can go back to school after 24 hours of drops.",
      "[Okay, thank you.|Got it.]",
    ],
  ],
};

const eczema: Scenario = {
  name: "eczema in a child",
  patient: "child",
  complaint:
    "[{Child} has a rash that won't go away.|{Child}'s eczema is flaring up again.|{Their} skin is dry and itchy, especially behind the knees.]",
  history: [
    [
      "Where is the rash?",
      "[Behind {their} knees, and in the creases of {their} elbows.|On {their} cheeks and hands.]",
    ],
    [
      "Is it itchy? Is it keeping {them} up at night?",
      "[Very itchy. {They} scratches until it bleeds.|A bit at night.]",
    ],
    [
      "What are you using on it?",
      "[A fragrance-free moisturizer, twice a day.|Hydrocortisone 1 percent cream from the pharmacy.|Nothing yet.]",
    ],
    ["Anything new? Soaps, detergents, foods?", "[We changed laundry detergent.|Not that I can think of.]"],
  ],
  exam: [
    ["Could you show me the rash up close?", "[Here, behind the knee.|Is this okay?]"],
    ["I see dry, red patches, with some scratch marks, but no signs of infection.", "[{ok}|That's good.]"],
  ],
  plan: [
    [
      "This is eczema. Use a thick moisturizer at least twice a day, and hydrocortisone 2.5 percent ointment on the red patches, twice a day for one week.",
      "[@q Is the steroid safe for {them}?|{ok} For how long?]",
    ],
    [
      "[@q Yes, for short courses like this it's safe.|One week, then stop, and keep moisturizing.] Short lukewarm baths, and pat the skin dry.",
      "[{ok} I'll try that.|Thank you.]",
    ],
  ],
};

/** The problems of consults about a child, told by the parent. */
export const CHILD_SCENARIOS: readonly Scenario[] = [
  otitisMedia,
  childCough,
  childAsthma,
  gastroenteritis,
  conjunctivitis,
  eczema,
];
