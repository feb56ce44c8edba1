import type { Scenario } from "./scenario.js";

const respiratoryInfection: Scenario = {
  name: "respiratory infection",
  patient: "adult",
  complaint:
    "[I've got|I've had] [this cough|a chest cold] that [won't go away|just isn't getting better][, and now I have a fever too|]. It started {ago}.",
  history: [
    [
      "[I'm sorry to hear that.|Oh no.|{ok}] [Is the cough dry, or are you bringing anything up?|Are you coughing anything up?|What's the cough like, dry or wet?]",
      "[It was dry at first, but now there's some [yellow|greenish|thick] phlegm.|Mostly dry. Sometimes a little clear mucus in the morning.|It's wet. I'm coughing up [yellow|green] stuff, especially when I wake up.]",
    ],
    [
      "[Have you had a fever?|Have you been checking your temperature?|Any fevers or chills?]",
      "[Yes, last night it was {fever}.|I've been running a fever, it got up to {fever} yesterday.|I think so. The highest I saw was {fever}, with chills.]",
    ],
    [
      "[Any shortness of breath or chest pain?|Are you having any trouble breathing, or pain in your chest?]",
      "[A little short of breath on the stairs, but no chest pain.|No chest pain. My chest feels tight when I cough a lot, though.|No, nothing like that.]",
    ],
    [
      "What about a sore throat, a runny nose, [or body aches|or a headache]?",
      "[My throat was sore the first couple of days. Now it's mostly the stuffy nose.|Yes, body aches and a headache, and I've been really tired.|A runny nose, and my ears feel blocked.]",
    ],
    [
      "[Has anyone around you been sick?|Any sick contacts at home or at work?]",
      "[My [daughter|son|husband|wife|partner] had the same thing last week.|A few people at work have been coughing.|Not that I know of.]",
    ],
    [
      "[What have you tried so far?|Have you taken anything for it?]",
      "[Just {acetaminophen} for the fever|I've been taking {ibuprofen}][, and some honey and lemon tea|, plus cough drops|]. It helps a bit.",
    ],
    [
      "[Do you smoke?|Do you smoke or vape at all?]",
      "[No, never.|I quit {longDuration} ago.|A few cigarettes a day. I know, I should stop.]",
    ],
  ],
  exam: [
    [
      "[Let's take a look.|I'd like to do a quick exam over video.] Could you [tilt the camera|bring the phone closer] and open your mouth wide? Say ah.",
      "[Ah.|Like this? Ah.|Okay. Ah.]",
    ],
    [
      "{thanks} Your throat [looks a little red|is a bit red at the back], [but I don't see any white patches|no pus on the tonsils]. Do you have a pulse oximeter at home?",
      "[Yes, it says {spo2} percent.|I do. It's reading {spo2} percent, and my pulse is {pulse}.]",
    ],
    [
      "[That's reassuring.|Good.] I can hear you're a bit hoarse, but you're speaking in full sentences without getting winded.",
      "[That's good to hear.|{ok}]",
    ],
  ],
  plan: [
    [
      "So, [this looks like|I think this is most likely] [a viral upper respiratory infection|acute bronchitis|a chest cold, what we call acute bronchitis]. [These are almost always caused by viruses, so antibiotics won't help.|The cough can hang around for two or three weeks, even after you start feeling better.]",
      "[@q Oh, okay. So no antibiotics?|Okay. How long will it last?|That makes sense.]",
    ],
    [
      "[@q Not for now.|Most people are better within two weeks.|{ok}] [Keep taking {acetaminophen} for the fever|You can use {ibuprofen} for the aches and the fever], drink plenty of fluids, and rest.",
      "[Okay, I'll do that.|Got it.|Okay, that sounds reasonable.]",
      "[If you're not improving in a week, or your fever goes over 102°F, call us.|If the fever lasts more than three days, or you get short of breath, let us know.] [Then I'd think about pneumonia, and an antibiotic like {antibiotic}.|At that point I'd want to check for pneumonia.]",
      "[Okay. Thank you.|Understood.|{ok}]",
    ],
  ],
};

const diabetesFollowUp: Scenario = {
  name: "type 2 diabetes follow-up",
  medications: ["metformin"],
  patient: "adult",
  complaint:
    "[I'm here for my diabetes check-up.|It's my three-month follow-up for my diabetes.|I got my blood work back and wanted to go over it.][ My sugars have been [a bit high|up and down] lately.|]",
  history: [
    [
      "[{ok} Let's start with your numbers.|Sure.] [What have your fasting sugars been running?|What do your morning glucose readings look like?]",
      "[Usually around {glucose}, sometimes higher.|Between {glucose} and {glucose#2} most mornings.|They've been okay, around {glucose}.]",
    ],
    [
      "Your latest A1c came back at {a1c} percent[, and last time it was {a1c#2}|].",
      "[Is that bad?|Oh. I thought it would be better than that.|{ok} What does that mean?]",
    ],
    [
      "[It tells us your average sugar over the last three months.|It's a measure of your average blood sugar.] [Are you taking {metformin}?|Just to confirm, you're on {metformin}, right?]",
      "[Yes, I take it every day.|Most days. Sometimes I forget the evening dose.|Yes, but it upsets my stomach a bit.]",
    ],
    [
      "Any low sugars, like feeling shaky, sweaty, or confused?",
      "[No, never.|Once, when I skipped lunch. I ate some candy and it passed.]",
    ],
    [
      "[How are your feet?|Any numbness, tingling, or sores on your feet?]",
      "[They're fine.|Sometimes I get tingling in my toes at night.|I have a small blister on my heel, but it's healing.]",
    ],
    [
      "[When was your last eye exam?|Have you had your diabetic eye exam this year?]",
      "[Last spring, I think.|Not yet, I need to book it.|I went in {month}, and they said everything was fine.]",
    ],
    [
      "[How's the diet going?|How are you doing with food and exercise?]",
      "[I've cut back on soda, but I still eat a lot of bread.|Not great. Work has been busy and I eat a lot of takeout.|Better. I've been walking after dinner, too.]",
    ],
  ],
  exam: [
    [
      "Do you have a blood pressure cuff at home? What has it been reading?",
      "[Yes. This morning it was {bp}.|It was {bp} yesterday.]",
    ],
    ["And your weight?", "[{weight} pounds this morning.|About {weight} pounds.]"],
  ],
  plan: [
    [
      "[{ok} For your type 2 diabetes, your A1c is above our goal of 7 percent|We're not quite at target yet with your type 2 diabetes], so I'd like to [increase your metformin dose|add {empagliflozin} to the metformin].",
      "[@q Are there side effects?|Okay. Do I take it with food?|Will that help my numbers?]",
    ],
    [
      "[@q Some people get an upset stomach at first. Tell me if it bothers you.|Yes, take it with a meal.|It should bring your A1c down by about one percent.] [We'll recheck your A1c in three months.|I'll also order a kidney function test and a lipid panel.]",
      "[{ok}|Sounds good.|All right, thank you.]",
    ],
    [
      "[And because diabetes raises the risk of heart disease, I'd like you on a statin, {atorvastatin}.|One more thing: people with diabetes do better on a statin, so let's start {atorvastatin}.]",
      "[Okay. Is that for cholesterol?|Fine, I can do that.]",
    ],
  ],
};

const hypertension: Scenario = {
  name: "hypertension",
  medications: ["lisinopril"],
  patient: "adult",
  complaint:
    "[My blood pressure has been high at home.|The pharmacist told me my blood pressure was high.|I'm following up on my blood pressure.][ I've been getting headaches, too.|]",
  history: [
    [
      "[What readings have you been getting?|What have the numbers been?]",
      "[Mostly around {highBp}.|The last few were {highBp} and {highBp#2}.|Anywhere from 140 to {highBp}.]",
    ],
    [
      "Any headaches, chest pain, vision changes, or shortness of breath?",
      "[Some headaches in the morning, nothing else.|No chest pain. Sometimes my vision is a bit blurry.|No, I feel fine, that's the strange part.]",
    ],
    [
      "[Are you on anything for it right now?|What are you taking for your blood pressure?]",
      "[{Lisinopril}.|I take {lisinopril}.|Just {lisinopril}, but I sometimes forget it.]",
    ],
    [
      "How much salt is in your diet?",
      "[Probably too much. I eat out a lot.|I try to cook at home, but I love chips.|Not much, I don't add salt to anything.]",
    ],
    [
      "[How much alcohol do you drink in a week?|Do you drink alcohol?]",
      "[A glass of wine with dinner most nights.|Maybe two or three beers on the weekend.|I don't drink.]",
    ],
    [
      "Any family history of heart disease or stroke?",
      "[My father had a heart attack at {age}.|My mother has hypertension, and she had a stroke at {age}.|Not that I know of.]",
    ],
  ],
  exam: [
    [
      "Could you check your blood pressure now, while we're on the call? Sit with your arm resting on the table.",
      "[Okay, one second. It says {highBp}, pulse {pulse}.|Sure. {highBp}, and the heart rate is {pulse}.]",
    ],
    ["Any swelling in your ankles?", "[No.|A little in the evenings.|Not that I've noticed.]"],
  ],
  plan: [
    [
      "Your blood pressure is [above our target of 130 over 80|still too high], [so this is hypertension|which we call hypertension]. I'd like to add {amlodipine}[, and see how you do over the next few weeks|].",
      "[@q Do I need to take it forever?|{ok} Any side effects I should watch for?]",
    ],
    [
      "[@q It's usually long term, but lifestyle changes can help a lot.|Some people get swollen ankles. Let me know if that happens.] [Cut back on salt, aim for 30 minutes of walking most days, and keep a log of your readings.|I'll order blood work to check your kidneys and potassium in two weeks.]",
      "[{ok}|Okay, I'll keep a log.|That makes sense.]",
    ],
  ],
};

const urinaryTractInfection: Scenario = {
  name: "urinary tract infection",
  patient: "woman",
  complaint:
    "[I think I have a bladder infection.|It burns when I pee, and I'm going to the bathroom all the time.|I think it's another urinary tract infection.]",
  history: [
    ["When did it start?", "[{Ago}.|It started {ago}, and it's gotten worse.]"],
    [
      "Any fever, chills, or pain in your back or sides?",
      "[No fever. Maybe a little ache low in my belly.|I felt feverish last night, {fever}, but no back pain.|No, none of that.]",
    ],
    [
      "Have you noticed any blood in your urine, or a strong smell?",
      "[It's cloudy and it smells strong.|I saw a little pink this morning.|No blood.]",
    ],
    [
      "Is there any chance you could be pregnant?",
      "[No.|No, I'm on the pill.|No, I had my period last week.]",
    ],
    [
      "Have you had urinary infections before?",
      "[Once or twice, a few years ago.|Yes, this is my third one this year.|No, this is the first time.]",
    ],
    ["Any vaginal discharge or itching?", "[No.|No, nothing like that.]"],
  ],
  exam: [
    [
      "Could you press gently on your lower belly, just above the pubic bone? Does that hurt?",
      "[A little tender, yes.|It feels uncomfortable, but not painful.]",
    ],
    [
      "And if you tap lightly on your back, on each side, just below the ribs?",
      "[That's fine.|No pain there.]",
    ],
  ],
  plan: [
    [
      "This sounds like an uncomplicated urinary tract infection. I'll send a prescription for {nitrofurantoin}.",
      "[@q Should I take it with food?|{ok} Will it clear up quickly?]",
    ],
    [
      "[@q Yes, take it with food, it's easier on the stomach.|Most people feel better in a day or two, but finish the whole course.] Drink plenty of water, and you can use {ibuprofen} for the discomfort. If you get a fever, back pain, or vomiting, call us right away.",
      "[Okay, thank you.|Will do.]",
    ],
    [
      "I'll also send an order for a urine culture to the lab[ next to the café on Main Street|].",
      "[Okay, I can drop it off tomorrow.|Perfect, that's close to my work.]",
    ],
  ],
};

const asthma: Scenario = {
  name: "asthma",
  medications: ["albuterol", "fluticasone"],
  patient: "adult",
  complaint:
    "[My asthma has been acting up.|I've been wheezing a lot more than usual.|I'm using my rescue inhaler all the time.]",
  history: [
    [
      "[How often are you using your albuterol?|How many times a day are you reaching for the rescue inhaler?]",
      "[Three or four times a day for the past {duration}.|Almost every night, I wake up coughing.|More than usual, maybe twice a day.]",
    ],
    [
      "Any triggers you've noticed? A cold, pollen, pets, smoke?",
      "[I had a cold {ago}, and it started after that.|The pollen has been bad this spring.|We got a new cat.|My neighbor burns wood, and the smoke comes in.]",
    ],
    [
      "Are you on a controller inhaler?",
      "[Yes, {fluticasone}, but I skip doses when I feel fine.|I was, but I ran out a few months ago.|No, just the rescue one.]",
    ],
    [
      "Have you ever been hospitalized or needed steroids for your asthma?",
      "[Once, when I was a teenager.|I had a course of prednisone last winter.|No, never.]",
    ],
    [
      "Do you have a peak flow meter?",
      "[Yes. My best is around 450, and today it was {peakFlow}.|I do. This morning I blew {peakFlow}.]",
    ],
  ],
  exam: [
    [
      "[Can you count to ten out loud for me, in one breath?|Could you read me a sentence from something near you, without stopping?]",
      "[One, two, three, four, five, six, seven, eight, nine, ten.|Okay. One, two, three, four, five, six, seven, eight, nine, ten.|Let me see. The quick brown fox jumps over the lazy dog.]",
    ],
    [
      "[You sound a little breathless, but you're managing full sentences.|I can hear a little wheeze, but you're not struggling.] [What does your oxygen reading say?|Do you have a pulse oximeter? What does it say?]",
      "[{spo2} percent.|It says {spo2} percent.]",
    ],
  ],
  plan: [
    [
      "This is [an asthma flare|poorly controlled asthma], [probably set off by the cold|likely from the pollen]. I want you to use {fluticasone} every day, even when you feel well.",
      "[{ok} And the albuterol?|Okay. What about my rescue inhaler?]",
    ],
    [
      "[Keep {albuterol}.|Carry on with {albuterol}.] [If you need it more than every four hours, or your peak flow drops below 250, go to urgent care.|If it stops helping, or you can't finish a sentence, call 911.]",
      "[Understood.|{ok}]",
    ],
    [
      "[I'll also prescribe a short course of steroids, {prednisone}.|Let's also add {montelukast}.]",
      "[{ok}|Okay, I'll pick it up today.]",
    ],
  ],
};

const migraine: Scenario = {
  name: "migraine",
  patient: "adult",
  complaint:
    "[I've been getting these bad headaches.|My migraines are back, and they're worse than before.|I keep getting headaches, and over-the-counter stuff isn't working.]",
  history: [
    [
      "[How often are you getting them?|How many headache days a month would you say?]",
      "[About {times} a month.|Two or three times a week lately.|Almost every week for the past {longDuration}.]",
    ],
    [
      "Where is the pain, and what does it feel like?",
      "[On one side, behind my eye, throbbing.|It's usually on the left side, pounding.|Across my forehead, like a band, and then it throbs.]",
    ],
    [
      "Any nausea, or sensitivity to light or sound?",
      "[Yes, I have to lie down in a dark room.|Light bothers me, and sometimes I throw up.]",
    ],
    [
      "Do you get any warning before it starts, like changes in your vision?",
      "[Sometimes I see zigzag lines for about twenty minutes.|I get a strange déjà vu feeling, and then it starts.|No, it just comes on.]",
    ],
    [
      "[What do you take when one starts?|What have you tried?]",
      "[{Ibuprofen}, but it barely touches it.|{Acetaminophen}, and a strong coffee.|I've been taking ibuprofen almost every day.]",
    ],
    [
      "[Any triggers you've noticed?|Does anything seem to set them off?]",
      "[Not sleeping enough, and red wine.|Stress at work, and skipping meals.|My period, and bright screens.|Too much café au lait, maybe. I drink four cups a day.]",
    ],
    [
      "Have you had a headache that was the worst of your life, or any weakness, numbness, or trouble speaking?",
      "[No, nothing like that.|No. They're bad, but they're always the same.]",
    ],
  ],
  exam: [
    [
      "[Let me do a quick neurological check.|I'd like to check a few things over video.|Let's do a short nerve exam.] [Can you smile for me, and raise your eyebrows?|Could you smile, and then puff out your cheeks?|First, show me your teeth, and then close your eyes tight.]",
      "[Like this?|Okay.]",
    ],
    [
      "[Good.|Thank you.|Perfect.] [Now hold both arms out in front of you, palms up, and close your eyes for ten seconds.|Now touch your nose with your finger, then the screen, a few times.|Now stand up and walk a few steps toward the camera, heel to toe.]",
      "[Okay.|Like this?]",
    ],
    [
      "[That all looks normal.|Everything there looks normal.|No signs of anything worrying on the exam.]",
      "[That's a relief.|Good.|Okay, good.]",
    ],
  ],
  plan: [
    [
      "These sound like migraines[ with aura|]. For the attacks, I'll prescribe {sumatriptan}.",
      "[@q Is that safe with my other medicines?|{ok} How quickly does it work?]",
    ],
    [
      "[@q It's safe with what you take, but don't take more than two doses in a day.|It usually works within an hour.] Also, try not to use ibuprofen more than two or three days a week, because that can cause rebound headaches.",
      "[Oh, I didn't know that.|{ok}]",
    ],
    [
      "Since you're getting them so often, we could also [try a daily preventive, {topiramate}|consider {propranolol} to prevent them]. And I'd like you to keep a headache diary.",
      "[Okay, I'll try that.|Let me think about the preventive, but I'll start the diary.]",
    ],
  ],
};

const depressionAnxiety: Scenario = {
  name: "depression and anxiety follow-up",
  medications: ["sertraline"],
  patient: "adult",
  complaint:
    "[I'm here to follow up on the sertraline.|It's been {weeks} weeks since I started the medication for my mood.|I wanted to check in about my anxiety and depression.]",
  history: [
    [
      "[How have you been feeling since we last spoke?|How's your mood been?]",
      "[A bit better. I'm sleeping more, and I'm not crying as much.|Honestly, about the same. Some days are really hard.|The anxiety is better, but I still feel flat.]",
    ],
    [
      "[Are you taking {sertraline} every day?|Just to check, you're on {sertraline}?]",
      "[Yes, every morning.|Yes, but I missed a few days last week.]",
    ],
    [
      "Any side effects, like nausea, trouble sleeping, or changes in sex drive?",
      "[Some nausea the first week, but it's gone now.|I've had trouble falling asleep.|Not really.]",
    ],
    [
      "How's your sleep and appetite?",
      "[I'm sleeping about six hours, and waking up early.|My appetite is back, I'm eating normally.|Not great. I wake up at 3 in the morning and can't get back to sleep.]",
    ],
    [
      "I ask everyone this. Have you had any thoughts of harming yourself, or that you'd be better off dead?",
      "[No, nothing like that.|No. I had some dark thoughts a while ago, but not now.]",
    ],
    [
      "Are you still seeing the therapist?",
      "[Yes, every other week.|I stopped, it was too expensive.|I'm on a waiting list.]",
    ],
  ],
  exam: [
    [
      "I'm going to ask you a few questions from a questionnaire. Over the last two weeks, how often have you had little interest or pleasure in doing things?",
      "[Several days.|More than half the days.|Not at all, really.]",
    ],
    ["And feeling nervous, anxious, or on edge?", "[Nearly every day.|Several days.|Only sometimes.]"],
  ],
  plan: [
    [
      "[You're making progress with the depression and anxiety, but there's room to improve.|It sounds like we haven't got the dose quite right yet for your depression and anxiety.] I'd like to [increase the sertraline a little|stay on {sertraline} for another few weeks].",
      "[@q Okay. Will the side effects come back?|Okay, I trust you.]",
    ],
    [
      "[@q They might, for a week or so.|It can take six to eight weeks to see the full effect.] And I'll [send you a list of therapists who take your insurance|refer you to our behavioral health team].",
      "[Thank you, I appreciate that.|That would help.]",
    ],
    [
      "[If you ever feel unsafe, you can call or text 988 any time, day or night.|And remember, if things get really bad, 988 is there around the clock.]",
      "[Okay, I'll remember that.|{ok} Thank you.]",
    ],
  ],
};

const heartburn: Scenario = {
  name: "gastroesophageal reflux",
  patient: "adult",
  complaint:
    "[I've been getting a lot of heartburn.|I have this burning in my chest after I eat.|My acid reflux is back.]",
  history: [
    [
      "[How long has this been going on?|When did it start?]",
      "[For {duration} now, almost every day.|On and off for {longDuration}, but worse lately.]",
    ],
    [
      "Is it worse after meals, or when you lie down?",
      "[Yes, especially at night. Sometimes I wake up with a sour taste.|After big meals, and with spicy food, like jalapeño.]",
    ],
    [
      "Any trouble swallowing, vomiting blood, or black stools?",
      "[No, none of that.|No. Sometimes food feels stuck for a second, but it goes down.]",
    ],
    ["Have you lost any weight without trying?", "[No, if anything I've gained a few pounds.|No.]"],
    [
      "What have you tried for it?",
      "[Antacids, and they help for an hour or so.|I took {omeprazole} for a while, but I stopped.]",
    ],
  ],
  exam: [
    [
      "[Could you press on your upper belly, just below the breastbone?|Press gently with two fingers, right under your ribs in the middle.] [Any pain there?|Is that tender?|Does that hurt?]",
      "[A little sore.|No, it's fine.]",
    ],
  ],
  plan: [
    [
      "[This sounds like reflux.|This is most likely gastroesophageal reflux, acid coming back up.|I think this is acid reflux.] [I'd like you to take {omeprazole}, every day for eight weeks.|Let's start {omeprazole} for eight weeks.]",
      "[Okay. Is it okay to take long term?|{ok} Anything else I can do?]",
    ],
    [
      "[We'll try to get you off it after eight weeks.|It's fine for a couple of months, and then we'll try stopping.] [Meanwhile, avoid eating within three hours of bedtime, and raise the head of your bed a little.|Cutting down on coffee, alcohol, and late dinners will help a lot.|Smaller meals, and not lying down right after eating, will help.]",
      "[{ok} I can try that.|That's going to be hard, but okay.]",
    ],
  ],
};

const hypothyroidism: Scenario = {
  name: "hypothyroidism follow-up",
  medications: ["levothyroxine"],
  patient: "adult",
  complaint:
    "[I'm calling about my thyroid results.|I wanted to go over my thyroid. I've been really tired again.|My thyroid medicine might need adjusting, I've been feeling off.]",
  history: [
    [
      "[Your TSH came back at {highTsh}.|I have your lab results here. Your TSH was {highTsh}, a bit above the normal range.] How have you been feeling?",
      "[Tired all the time, and I'm always cold.|Honestly, pretty good, just a bit sluggish in the afternoons.|My hair is thinning, and I've put on a few pounds.]",
    ],
    [
      "[Remind me, what dose are you on?|You're on {levothyroxine}, is that right?]",
      "[{Levothyroxine}.|Yes, that's right.]",
    ],
    [
      "How do you take your levothyroxine? With water, on an empty stomach?",
      "[First thing in the morning, with water, half an hour before breakfast.|I take it with my coffee and my calcium, is that a problem?|Whenever I remember, usually with breakfast.]",
    ],
    [
      "[Any palpitations, shakiness, or trouble sleeping?|Any racing heart or feeling jittery?]",
      "[No.|Sometimes my heart races a little at night.|None of that.]",
    ],
    [
      "How's your weight been?",
      "[Up about {times} pounds since the summer.|About the same, {weight} pounds.]",
    ],
  ],
  exam: [
    [
      "[Could you tilt your head back a little, so I can look at your neck?|Can you bring the camera down to your neck?] [And swallow for me.|Now take a sip of water and swallow.]",
      "[Okay.|Like this?]",
    ],
    [
      "[I don't see any swelling of the thyroid.|Your thyroid doesn't look enlarged.|No lumps or swelling that I can see.] [That's good.|That's reassuring.|]",
      "[Good.|{ok}|That's a relief.]",
    ],
  ],
  plan: [
    [
      "[Your TSH is a bit high, so I'd like to increase your dose slightly.|Since the TSH is high, let's go up a little on the levothyroxine.] Take it on an empty stomach, and keep calcium and iron four hours apart from it.",
      "[I didn't know about the calcium.|{ok} When do we recheck?]",
    ],
    [
      "[We'll recheck your TSH in six to eight weeks.|Let's repeat the blood test in about {weeks} weeks.|I'll put in a lab order for a TSH in two months.]",
      "[Okay, I'll book the lab.|Sounds good.]",
    ],
  ],
};

const backPain: Scenario = {
  name: "low back pain",
  patient: "adult",
  complaint:
    "[I hurt my back.|My lower back has been killing me since {day}.|I've got this low back pain, and it's not getting better.]",
  history: [
    [
      "[What happened?|How did it start?]",
      "[I was lifting boxes when we moved, and I felt something pull.|I woke up with it. I don't remember doing anything.|I was gardening all weekend.]",
    ],
    [
      "Does the pain go down your leg?",
      "[A little, down the back of my right thigh.|No, it stays in my lower back.|Sometimes to the buttock, not past the knee.]",
    ],
    [
      "Any numbness in your groin, or trouble controlling your bladder or bowels?",
      "[No, nothing like that.|No.]",
    ],
    [
      "[How bad is the pain, out of 10?|On a scale of zero to ten, where is it?]",
      "[About {severity} out of 10.|{Severity}, maybe worse when I get out of bed.]",
    ],
    [
      "What have you taken for it?",
      "[{Ibuprofen}, and a heating pad.|Just {acetaminophen}. It takes the edge off.]",
    ],
    ["Any fever, weight loss, or history of cancer?", "[No.|No, none of those.]"],
  ],
  exam: [
    [
      "[Could you stand up and step back from the camera?|Can you put the phone down so I can see all of you?] [Now slowly bend forward, as far as is comfortable.|Now try to touch your toes, but only as far as it's comfortable.]",
      "[Ouch. That's about as far as I can go.|Okay. It pulls a bit.]",
    ],
    [
      "[Good.|Thanks.|Okay.] [Now stand on your heels, and then on your toes.|Can you walk on your heels for a few steps, and then on your toes?]",
      "[Okay. That's fine.|I can do that.]",
    ],
    [
      "[Your strength looks normal.|Your legs look strong, and you're walking normally.|That looks normal.] [That's reassuring.|That's a good sign.]",
      "[{ok}|Good to know.]",
    ],
  ],
  plan: [
    [
      "[This looks like a muscle strain in your lower back.|This sounds like mechanical low back pain, a strained muscle or ligament.|From what you describe, it's a back strain, not a slipped disc.] [Most of these get better within four to six weeks.|The good news is that most people recover within a few weeks.]",
      "[That long?|{ok} Should I rest?]",
    ],
    [
      "[Staying gently active is better than bed rest.|Keep moving as much as the pain allows, bed rest slows recovery.] [You can take {ibuprofen} with food, and use heat.|Take {ibuprofen} with food, and a heating pad for twenty minutes at a time helps.] [I'll also send you some stretches, and a referral to physical therapy.|I'm referring you to physical therapy, too.|]",
      "[{ok} That sounds good.|Thank you. I'll try the stretches.]",
    ],
    [
      "[If you get numbness in your groin, or trouble with your bladder, go to the emergency room right away.|One thing to watch for: numbness between your legs, or losing control of your bladder. That needs the emergency room.]",
      "[Understood.|Okay, I will.]",
    ],
  ],
};

const allergicRhinitis: Scenario = {
  name: "allergic rhinitis",
  patient: "adult",
  complaint:
    "[My allergies are terrible this year.|I can't stop sneezing, and my eyes are itchy all the time.|I think I have hay fever. My nose has been running for {duration}.]",
  history: [
    [
      "[Is it worse at certain times of year?|When is it at its worst?]",
      "[Every spring, when the trees bloom.|Mostly in the fall.|All year, but worse when I'm at my parents' house, they have a cat.]",
    ],
    ["Any wheezing, or shortness of breath?", "[No.|A little wheezy at night.|No, just the nose and eyes.]"],
    [
      "What have you tried?",
      "[Loratadine from the pharmacy, but it makes me sleepy.|Nothing yet.|Saline rinses, and they help a little.]",
    ],
    [
      "Is it affecting your sleep or work?",
      "[I'm waking up all stuffed up.|I have to keep tissues on my desk all day.]",
    ],
  ],
  exam: [
    [
      "[Could you tilt your head back, and bring the camera close to your nose?|Can you shine your phone light up your nose for me?]",
      "[Like this?|Okay.]",
    ],
    [
      "[The inside of your nose looks pale and swollen, which fits with allergies.|Your nasal lining looks swollen and a bit bluish, typical of allergies.] [Your eyes look a bit red, too.|And your eyes are watery.|]",
      "[Yes, they feel gritty.|{ok}]",
    ],
  ],
  plan: [
    [
      "[I'd recommend a steroid nose spray every day, {fluticasoneNasal}.|The most effective treatment is a steroid nasal spray, {fluticasoneNasal}.] [Add {cetirizine} on the worst days.|You can also take {cetirizine} for the itchy eyes.]",
      "[@q Is the spray safe to use every day?|How long before it works?]",
    ],
    [
      "[@q Yes, it's safe for long-term use.|It can take a week or two to work fully.] Aim the spray away from the middle of your nose. And keep windows closed on high pollen days.",
      "[Okay, I'll try that.|{thanks}]",
    ],
  ],
};

const highCholesterol: Scenario = {
  name: "high cholesterol",
  patient: "adult",
  complaint:
    "[I got a letter saying my cholesterol is high.|My cholesterol came back high, and I wanted to talk about it.|I'm here to discuss my cholesterol results.]",
  history: [
    [
      "[Yes, your LDL was {ldl}.|Your total cholesterol was {total}, and the LDL was {ldl}.]",
      "[Is that really bad?|That's higher than last year.|My doctor always said it was borderline.]",
    ],
    [
      "Does anyone in your family have heart disease or high cholesterol?",
      "[My father had bypass surgery at {age}.|My mother takes a statin.|Not that I know of.]",
    ],
    [
      "Have you ever had chest pain, or pain in your legs when you walk?",
      "[No.|Sometimes my calves ache on long walks.]",
    ],
    ["Any diabetes or high blood pressure?", "[My blood pressure is a bit high, that's it.|No.]"],
  ],
  exam: [
    [
      "[Do you know your blood pressure from the last check?|Have you had your blood pressure checked lately?]",
      "[It was {bp} at the pharmacy.|I think {bp}.]",
    ],
  ],
  plan: [
    [
      "Based on your numbers, your ten-year risk of a heart attack or stroke is about {risk} percent. I'd recommend starting {atorvastatin}.",
      "[@q Do statins have side effects?|I'd rather try diet first.|{ok} Do I need blood tests?]",
    ],
    [
      "[@q Some people get muscle aches, but most people do fine.|Diet can help, and we can recheck in three months before deciding.|Yes.] We'll repeat the lipid panel in six to twelve weeks.",
      "[{ok} Let's try it.|That sounds fair.]",
    ],
  ],
};

const kneeOsteoarthritis: Scenario = {
  name: "knee osteoarthritis",
  patient: "adult",
  complaint:
    "[My knees are bothering me.|My right knee has been hurting for {longDuration}.|I have knee pain, especially on the stairs.]",
  history: [
    [
      "Is it worse in the morning, or after activity?",
      "[Stiff in the morning for ten minutes, then worse at the end of the day.|After walking, mostly. And going down stairs.]",
    ],
    [
      "Any swelling, locking, or giving way?",
      "[It swells a bit after a long walk.|It gives way sometimes.|No locking.]",
    ],
    [
      "What have you tried?",
      "[{Acetaminophen}, and it helps a bit.|{Ibuprofen}, but it bothers my stomach.|A knee brace.]",
    ],
    ["Any injuries to that knee before?", "[I hurt it skiing in my twenties.|No.]"],
  ],
  exam: [
    [
      "[Could you stand, and show me the knee?|Can you pull up your trouser leg so I can see the knee?] [Bend and straighten it slowly.|Now squat down a little, as far as is comfortable.]",
      "[There's a bit of a crunching feeling.|Okay. It clicks.]",
    ],
    [
      "[There's a bit of swelling on the inside of the knee, but you can fully straighten it.|The knee looks a little swollen, but the movement is good.|I don't see much swelling, and you have a good range of motion.]",
      "[{ok}|That's good, I guess.]",
    ],
  ],
  plan: [
    [
      "[This sounds like osteoarthritis, wear and tear in the joint.|This is most likely arthritis of the knee.] [The best treatment is strengthening exercises, and keeping active.|Exercise and keeping a healthy weight help more than anything else.]",
      "[@q Will I need surgery?|{ok} What about the pain?]",
    ],
    [
      "[@q Not now, most people do well without it.|For pain, try diclofenac gel, 1 percent, rubbed in four times a day.] You can also take {acetaminophen}. I'll refer you to physical therapy.",
      "[Okay, I'll give it a try.|Thank you.]",
    ],
  ],
};

const sinusitis: Scenario = {
  name: "sinusitis",
  patient: "adult",
  complaint:
    "[I think I have a sinus infection.|My face hurts, and my nose has been blocked for {duration}.|I've had a cold that turned into a sinus thing.]",
  history: [
    [
      "[How long has it been going on?|When did it start?]",
      "[For {duration}.|It started as a cold {ago}, and got better, then worse again.]",
    ],
    [
      "Where is the pain?",
      "[Under my eyes, and it's worse when I bend over.|My forehead and my upper teeth.]",
    ],
    [
      "Any fever, or thick discharge?",
      "[Thick yellow stuff, and I had a fever of {fever}.|Green discharge, but no fever.]",
    ],
    ["Any swelling around your eyes, or changes in your vision?", "[No.|No, nothing like that.]"],
  ],
  exam: [
    [
      "[Could you press gently on your cheeks, just under your eyes?|Tap lightly on your forehead, above your eyebrows.] [Is it tender?|Does that hurt?]",
      "[Yes, on the left side.|A bit, both sides.]",
    ],
  ],
  plan: [
    [
      "[@cause Since it's been more than ten days, and got worse after getting better, this is likely a bacterial sinus infection.|This is most likely a viral sinusitis, which usually clears up on its own.]",
      "[Do I need antibiotics?|{ok}]",
    ],
    [
      "[@cause I'll prescribe {antibiotic}.|Let's hold off on antibiotics for now.] Saline rinses and a steroid nasal spray, {fluticasoneNasal}, will help the congestion.",
      "[{ok} Thank you.|Got it.]",
    ],
  ],
};

const insomnia: Scenario = {
  name: "insomnia",
  patient: "adult",
  complaint:
    "[I can't sleep.|I've had trouble sleeping for {longDuration}.|I'm exhausted. I lie awake for hours every night.]",
  history: [
    [
      "Is it getting to sleep, staying asleep, or waking too early?",
      "[Getting to sleep. My mind just races.|I fall asleep fine, but I wake up at 3 and that's it.|All of the above, honestly.]",
    ],
    [
      "What does your evening look like, before bed?",
      "[I'm on my phone until midnight.|I work late, then watch TV in bed.|I have a glass of wine to relax.]",
    ],
    [
      "How much caffeine do you have, and when?",
      "[About {times} cups of coffee, the last one around 4.|A café au lait in the morning, and sodas in the afternoon.]",
    ],
    [
      "How's your mood been? Any worries keeping you up?",
      "[Work has been stressful.|My mood's okay, I just can't switch off.|I've been feeling a bit down.]",
    ],
    [
      "Have you tried anything for it?",
      "[Melatonin, 3 mg. It didn't do much.|Nothing, I didn't want to get hooked on sleeping pills.]",
    ],
  ],
  exam: [],
  plan: [
    [
      "[The most effective treatment for insomnia is actually a kind of therapy, called cognitive behavioral therapy for insomnia.|I'd rather not start sleeping pills. There's a program called CBT for insomnia that works better long term.]",
      "[@q Is that something online?|{ok} How does it work?]",
    ],
    [
      "[@q There's an app, and I can refer you to a therapist.|It teaches you to reset your sleep habits.] In the meantime, keep the same wake-up time every day, no screens in bed, and no caffeine after noon.",
      "[I'll try that.|{ok} I can do that.]",
    ],
  ],
};

/** The adult problems consults are drawn from. */
export const ADULT_SCENARIOS: readonly Scenario[] = [
  respiratoryInfection,
  diabetesFollowUp,
  hypertension,
  urinaryTractInfection,
  asthma,
  migraine,
  depressionAnxiety,
  heartburn,
  hypothyroidism,
  backPain,
  allergicRhinitis,
  highCholesterol,
  kneeOsteoarthritis,
  sinusitis,
  insomnia,
];
