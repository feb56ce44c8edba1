import type { Topic } from "./scenario.js";

/** What a consult talks about between problems. */
export const TOPICS: readonly Topic[] = [
  {
    name: "exercise and diet",
    patient: "adult",
    exchanges: [
      [
        "[While I have you, how much exercise are you getting?|Let's talk about exercise for a minute. How active are you these days?]",
        "[I walk the dog twice a day, about half an hour.|Not much, honestly. I sit at a desk all day.|I go swimming on weekends.]",
      ],
      [
        "[{ok} We usually recommend about 150 minutes a week of moderate activity.|That's a good start.] [Brisk walking counts.|Even ten minutes after each meal helps.]",
        "[I could try walking at lunch.|{ok} I'll try to do more.]",
      ],
      [
        "And what does a typical day of eating look like?",
        "[Coffee in the morning, a sandwich for lunch, and a big dinner.|I skip breakfast, and then I snack a lot in the afternoon.|We cook most nights, lots of rice and vegetables.]",
      ],
    ],
  },
  {
    name: "smoking and alcohol",
    patient: "adult",
    exchanges: [
      [
        "[Do you smoke, or use any tobacco or vaping products?|Any smoking or vaping?]",
        "[No.|I quit {longDuration} ago.|About half a pack a day.]",
      ],
      [
        "[And alcohol, how many drinks in a typical week?|How much alcohol do you drink?]",
        "[Maybe {times} drinks a week.|Hardly any.|A couple of glasses of wine on the weekend.]",
      ],
      [
        "[{ok}|Thanks for telling me.] [If you ever want help cutting down, we have programs that can help.|That's within the recommended limits.]",
        "[Good to know.|{ok}]",
      ],
    ],
  },
  {
    name: "sleep",
    patient: "adult",
    exchanges: [
      [
        "How are you sleeping?",
        "[Not great. I wake up two or three times a night.|Pretty well, about seven hours.|It takes me an hour to fall asleep.]",
      ],
      [
        "Do you snore, or has anyone noticed you stop breathing at night?",
        "[My partner says I snore really loudly.|Not that I know of.]",
      ],
      [
        "[Try to keep screens out of the bedroom, and go to bed at the same time each night.|If the snoring is loud, it may be worth a sleep study.]",
        "[{ok} I'll try.|That makes sense.]",
      ],
    ],
  },
  {
    name: "vaccines and screening",
    patient: "adult",
    exchanges: [
      [
        "[I see you're due for a few preventive things.|Let's make sure you're up to date on prevention.] Have you had your flu shot this season?",
        "[Not yet.|Yes, at the pharmacy in {month}.]",
      ],
      [
        "[And your tetanus booster was more than ten years ago.|You're also due for colon cancer screening.]",
        "[Oh, I didn't realize.|Can I do that at my local clinic?]",
      ],
      [
        "[Yes, I'll put the order in, and you can get it at any of our locations.|I'll send you a home stool test, it's simple to do.]",
        "[Okay, great.|{thanks}]",
      ],
    ],
  },
  {
    name: "lab results",
    patient: "adult",
    exchanges: [
      [
        "I also have your recent blood work here. Your LDL cholesterol was {ldl}, [a little higher than we'd like|which is borderline].",
        "[Should I be worried?|What does that mean?]",
      ],
      [
        "It's one of the things that adds to your risk of heart disease. Your kidney function was normal, an eGFR of {egfr}, and your TSH was {tsh}.",
        "[Okay, that's good to hear.|So the thyroid is okay?]",
      ],
      [
        "[We'll recheck it all in six months.|Diet and exercise can bring the cholesterol down, and we can talk about a statin if it stays high.]",
        "[{ok}|Sounds good.]",
      ],
    ],
  },
  {
    name: "stress and work",
    patient: "adult",
    exchanges: [
      [
        "How are things going otherwise, at work and at home?",
        "[Work is stressful. We're short-staffed, and I'm doing long shifts.|Okay. My [mother|father] moved in with us, so it's busy.|Fine. My fiancée and I are planning the wedding, so that's a bit stressful.]",
      ],
      [
        "[That's a lot to manage.|It sounds like you have a lot on your plate.] Do you have people you can lean on?",
        "[My sister helps a lot.|Not really, most of my family is far away.|My friends, yes.]",
      ],
    ],
  },
  {
    name: "refills",
    patient: "adult",
    exchanges: [
      [
        "Do you need refills on any of your medicines? I have you on {backgroundMeds}.",
        "[Yes, I'm almost out of everything.|Just the first one, please.|No, I'm fine for now.]",
      ],
      [
        "[{ok} I'll send ninety-day supplies to your pharmacy.|I'll send those today.] Any side effects from any of them?",
        "[No, they're fine.|Sometimes I get a dry cough.|Not that I've noticed.]",
      ],
    ],
  },
  {
    name: "family history",
    patient: "adult",
    exchanges: [
      [
        "[I'd like to update your family history.|Let me ask about your family's health.] Any heart disease, diabetes, or cancer in your parents or siblings?",
        "[My mother has type 2 diabetes, and my father had a stroke.|My grandfather had colon cancer, in his seventies.|Not much that I know of. My dad has high blood pressure.]",
      ],
      [
        "[Thanks, that's useful.|{ok} That helps us decide on screening.] Any brothers or sisters with health problems?",
        "[My sister has asthma.|My brother had a heart attack at {age}.|No, they're all healthy.]",
      ],
    ],
  },
  {
    name: "bone health",
    patient: "adult",
    exchanges: [
      [
        "Are you getting enough calcium and vitamin D?",
        "[I drink milk most days.|I take {vitaminD}.|Probably not, I don't eat dairy.]",
      ],
      [
        "[Weight-bearing exercise, like walking, is good for your bones too.|We usually recommend about 1200 mg of calcium a day from food, and 15 to 20 µg of vitamin D.]",
        "[{ok} I'll look into it.|Good to know.]",
      ],
    ],
  },
  {
    name: "travel",
    patient: "adult",
    exchanges: [
      [
        "[Any travel coming up?|Are you planning any trips this year?]",
        "[We're going to Perú in {month}, to hike.|Just visiting family in Montréal.|Not this year.]",
      ],
      [
        "[Let's make sure your vaccines are up to date before you go.|If you're flying a long way, walk around and drink water to lower the risk of clots.]",
        "[{ok}|Good idea, thanks.]",
      ],
    ],
  },
  {
    name: "vaccines",
    patient: "child",
    exchanges: [
      [
        "Is {child} up to date on {their} vaccines?",
        "[Yes, {they} had the last ones at {their} check-up.|I think {they}'s missing one, I'll have to check.]",
      ],
      [
        "[We can check that in the portal.|I'll have the nurse look at the record.] The flu vaccine is also available for {them} now.",
        "[Okay, we'll come in for that.|Can {they} get it at the pharmacy?]",
      ],
    ],
  },
  {
    name: "eating and growth",
    patient: "child",
    exchanges: [
      [
        "How is {child} eating in general?",
        "[{They}'s a picky eater. {They} only wants pasta and crêpes.|Pretty well, {they} eats most things.]",
      ],
      [
        "And how much does {they} weigh now?",
        "[{childWeight} pounds, at the last check-up.|About {childWeight} pounds.]",
      ],
      ["That's right on track for {their} age.", "[Oh, good.|That's a relief.]"],
    ],
  },
  {
    name: "screen time",
    patient: "child",
    exchanges: [
      [
        "How much screen time does {child} get in a day?",
        "[Probably two or three hours, more on weekends.|We try to keep it to an hour.]",
      ],
      [
        "[For {their} age, we suggest about an hour a day of good programs, and none before bed.|Try to keep screens out of the bedroom.]",
        "[That's going to be tough, but okay.|{ok}]",
      ],
    ],
  },
  {
    name: "teeth",
    patient: "child",
    exchanges: [
      ["Has {they} seen a dentist this year?", "[Yes, in {month}.|Not yet, we need to book it.]"],
      [
        "Brush twice a day with a pea-sized amount of fluoride toothpaste, and try to limit juice.",
        "[{ok}|{They} loves juice, but we'll cut back.]",
      ],
    ],
  },
  {
    name: "sleep and school",
    patient: "child",
    exchanges: [
      [
        "How is {they} sleeping?",
        "[{They} goes to bed at eight and sleeps through.|{They} wakes up a lot since {they} got sick.]",
      ],
      [
        "And how's school or daycare going?",
        "[{They} loves it. {They} has a lot of friends.|Fine, but {they} has missed a few days.]",
      ],
    ],
  },
];
