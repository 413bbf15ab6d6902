import type { Category } from '../protocol/categories';
import type { AllowPhrase, KeywordTerm } from './types';

/**
 * Shipped lists: a starting set per category, written the way pupils type (the normaliser
 * takes care of case, accents, leetspeak, spacing, look-alike letters and stretched letters;
 * hyphens and spaces are the same). Schools add their own terms, languages and allow-phrases
 * through policy. Severity: 5 immediate risk to a child's life or safety, 4 serious,
 * 3 concerning, 2 low, 1 for the record.
 */
type Lists = Partial<Record<1 | 2 | 3 | 4 | 5, readonly string[]>>;

function list(category: Category, lang: string, bySeverity: Lists, kind: KeywordTerm['kind'] = 'term'): KeywordTerm[] {
  const out: KeywordTerm[] = [];
  for (const [sev, terms] of Object.entries(bySeverity)) {
    for (const term of terms ?? []) out.push({ term, category, severity: Number(sev), lang, ...(kind === 'help' ? { kind } : {}) });
  }
  return out;
}

const ENGLISH: KeywordTerm[] = [
  ...list('suicide', 'en', {
    5: ['kill myself', 'killing myself', 'want to die', 'wants to die', 'wanted to die', 'wanna die', 'going to end it all', 'end my life', 'ending my life', 'take my own life', 'hang myself', 'hanging myself', 'i wish i was dead', 'wish i was dead', 'better off dead', 'no reason to live', 'dont want to live', 'dont want to be alive', 'how to kill yourself', 'ways to die', 'painless death', 'suicide note', 'kms'],
    4: ['suicide', 'suicidal', 'commit suicide', 'jump off a bridge', 'overdose on', 'i hate my life', 'unalive myself', 'unalive'],
  }),
  ...list('self-harm', 'en', {
    5: ['cut myself', 'cutting myself', 'burn myself', 'burning myself', 'hurt myself', 'hurting myself', 'how to cut deeper'],
    4: ['self harm', 'self harms', 'self harming', 'self harmed', 'selfharm', 'self injury', 'cutting scars', 'razor blade', 'sh scars'],
    3: ['starve myself', 'starving myself', 'pro ana', 'thinspo', 'make myself sick', 'purging'],
  }),
  ...list('bullying', 'en', {
    4: ['kill yourself', 'kys', 'go die', 'you should die', 'everyone hates you', 'i will beat you up', 'gonna beat you up'],
    3: ['nobody likes you', 'no one likes you', 'you are worthless', 'youre worthless', 'ur ugly', 'you are ugly', 'youre ugly', 'loser', 'fat cow', 'fatty', 'freak', 'retard', 'retarded', 'slag', 'slut', 'whore', 'bitch', 'cunt', 'twat', 'dickhead', 'wanker'],
    2: ['idiot', 'stupid', 'shut up', 'ass', 'arse', 'bastard', 'fuck', 'fucking', 'shit', 'piss off', 'prick'],
  }),
  ...list('exploitation', 'en', {
    5: ['send nudes', 'send me nudes', 'send a pic of you', 'dont tell your parents', 'dont tell your mum', 'our little secret', 'our secret', 'meet me alone', 'delete this chat', 'how old are you really', 'are you home alone', 'show me your body', 'take your clothes off', 'on webcam alone'],
    4: ['nudes', 'sexting', 'sugar daddy', 'grooming', 'groomed', 'age is just a number'],
  }),
  ...list('illegal', 'en', {
    5: ['child porn', 'cp links', 'jailbait', 'underage nudes', 'pedo', 'paedo', 'lolicon'],
  }),
  ...list('discrimination', 'en', {
    4: ['nigger', 'nigga', 'paki', 'chink', 'kike', 'spastic', 'tranny', 'faggot', 'fag', 'gypo', 'pikey', 'wog'],
    3: ['go back to your country', 'white power', 'white pride', 'hate muslims', 'hate jews', 'hate gays', 'dirty immigrant', 'monkey boy'],
  }),
  ...list('drugs', 'en', {
    4: ['buy cocaine', 'buy weed', 'buy drugs', 'sell drugs', 'dealer number', 'county lines', 'crack pipe', 'heroin', 'fentanyl', 'meth'],
    3: ['cocaine', 'weed', 'cannabis', 'ketamine', 'ecstasy', 'mdma', 'lsd', 'magic mushrooms', 'spice', 'nitrous oxide', 'laughing gas', 'get high', 'getting high', 'vape shop', 'edibles'],
    2: ['vape', 'vaping', 'drunk', 'alcohol'],
  }),
  ...list('extremism', 'en', {
    5: ['how to make a bomb', 'make a pipe bomb', 'martyrdom operation'],
    4: ['jihadi', 'jihad', 'isis', 'daesh', 'caliphate', 'kuffar', 'holy war', 'race war', 'white genocide', 'great replacement', 'heil hitler', 'sieg heil', '1488', 'national action', 'patriotic alternative'],
    3: ['nazi', 'neo nazi', 'infidels', 'radicalised'],
  }),
  ...list('gambling', 'en', {
    3: ['online casino', 'betting tips', 'bet365', 'place a bet', 'loot box', 'skin gambling', 'csgo gambling', 'slot machine'],
    2: ['casino', 'poker', 'roulette', 'blackjack', 'lottery', 'scratch card', 'bookies', 'gambling'],
  }),
  ...list('pornography', 'en', {
    4: ['pornhub', 'xvideos', 'xhamster', 'onlyfans', 'hentai', 'porno', 'xxx'],
    3: ['porn', 'sex', 'sexy', 'naked', 'nude', 'boobs', 'tits', 'dick', 'cock', 'pussy', 'penis', 'vagina', 'horny', 'blowjob', 'masturbate', 'strip club'],
  }),
  ...list('violence', 'en', {
    5: ['shoot up the school', 'bomb the school', 'stab you', 'stab him', 'stab her', 'gonna stab', 'i will kill you', 'kill you', 'kill him', 'kill her', 'kill them all'],
    4: ['beat you up', 'beat him up', 'punch you', 'murder', 'rape', 'raped', 'rapist', 'behead', 'mass shooting', 'school shooting'],
    3: ['kill', 'killing', 'shoot', 'shooting', 'stabbing', 'gore', 'assassin', 'fight after school', 'torture'],
  }),
  ...list('weapons', 'en', {
    5: ['buy a gun', 'bring a knife to school', 'bring a gun to school', 'make a bomb'],
    4: ['buy a knife', 'zombie knife', 'machete', 'flick knife', 'knuckle duster', 'pipe bomb', 'ghost gun', '3d printed gun'],
    3: ['gun', 'guns', 'rifle', 'shotgun', 'pistol', 'ammo', 'knife', 'knives', 'crossbow'],
  }),
  // Help-seeking: reported as wellbeing, never as misconduct.
  ...list('wellbeing', 'en', {
    3: ['i am being bullied', 'im being bullied', 'being bullied', 'nobody likes me', 'no one likes me', 'i have no friends', 'i feel alone', 'i feel lonely', 'i hate myself', 'i feel worthless', 'im scared to go home', 'scared to go home', 'someone touched me', 'my dad hits me', 'my mum hits me', 'eating disorder'],
    2: ['am i gay', 'am i lesbian', 'am i bi', 'am i trans', 'am i normal', 'period pain', 'periods hurt', 'first period', 'puberty', 'anxiety', 'panic attack', 'cant sleep', 'feel sad', 'feeling sad', 'depressed', 'depression', 'parents divorce', 'parents fighting', 'my parents are fighting', 'childline', 'samaritans', 'kooth', 'shout 85258'],
  }),
  // Help-seeking wording: not reported on its own; it makes a match in the same sentence a
  // help-seeking one ("how to help a friend who self harms").
  ...list('wellbeing', 'en', {
    1: ['how to help', 'how do i help', 'how can i help', 'how to support', 'help a friend', 'help my friend', 'helping a friend', 'helping my friend', 'worried about my friend', 'worried about a friend', 'where can i get help', 'where to get help', 'i need help', 'get help for', 'who can i talk to', 'someone to talk to', 'talk to someone about', 'how to stop', 'how do i stop', 'how can i stop', 'how to tell', 'should i tell', 'is it normal', 'signs of', 'what to do if', 'what should i do', 'support for', 'helpline', 'childline', 'samaritans', 'how to report'],
  }, 'help'),
];

/**
 * Other languages: a seed per language so the structure is exercised (schools add their
 * community languages through policy). Romanised spellings next to native script.
 */
const OTHER_LANGUAGES: KeywordTerm[] = [
  ...list('suicide', 'pl', { 5: ['zabiję się', 'chcę umrzeć', 'chce umrzec', 'zabić się'], 4: ['samobójstwo', 'samobójca'] }),
  ...list('self-harm', 'pl', { 4: ['samookaleczenie', 'tnę się'] }),
  ...list('bullying', 'pl', { 3: ['spierdalaj', 'kurwa', 'debil'] }),
  ...list('suicide', 'ro', { 5: ['vreau să mor', 'mă sinucid'], 4: ['sinucidere'] }),
  ...list('suicide', 'ur', { 5: ['میں مرنا چاہتا ہوں', 'میں مرنا چاہتی ہوں'], 4: ['خودکشی', 'khudkushi'] }),
  ...list('suicide', 'ar', { 5: ['اريد ان اموت'], 4: ['*انتحار'] }),
  ...list('suicide', 'pa', { 4: ['ਖੁਦਕੁਸ਼ੀ', 'ਆਤਮਹੱਤਿਆ'] }),
];

export const DEFAULT_TERMS: readonly KeywordTerm[] = [...ENGLISH, ...OTHER_LANGUAGES];

/**
 * Phrases that contain a listed word but mean something ordinary. Scoped to the categories
 * they would otherwise trip, so "kill time" never silences "kill you".
 */
export const DEFAULT_ALLOW: readonly AllowPhrase[] = [
  { phrase: 'kill time', categories: ['violence'] },
  { phrase: 'killing time', categories: ['violence'] },
  { phrase: 'killed time', categories: ['violence'] },
  { phrase: 'kill two birds with one stone', categories: ['violence'] },
  { phrase: 'dying to see', categories: ['suicide'] },
  { phrase: 'dying to know', categories: ['suicide'] },
  { phrase: 'shoot a video', categories: ['violence'] },
  { phrase: 'shoot a film', categories: ['violence'] },
  { phrase: 'photo shoot', categories: ['violence'] },
  { phrase: 'shooting star', categories: ['violence'] },
  { phrase: 'shoot for the stars', categories: ['violence'] },
  { phrase: 'shooting hoops', categories: ['violence'] },
  { phrase: 'assassin bug', categories: ['violence'] },
  { phrase: 'assassins creed', categories: ['violence'] },
  { phrase: 'sex education', categories: ['pornography'] },
  { phrase: 'sex ed', categories: ['pornography'] },
  { phrase: 'the sex of', categories: ['pornography'] },
  { phrase: 'sex of the', categories: ['pornography'] },
  { phrase: 'killer whale', categories: ['violence'] },
  { phrase: 'kill the lights', categories: ['violence'] },
  { phrase: 'butter knife', categories: ['weapons'] },
  { phrase: 'knife and fork', categories: ['weapons'] },
  { phrase: 'water gun', categories: ['weapons'] },
  { phrase: 'glue gun', categories: ['weapons'] },
  { phrase: 'nerf gun', categories: ['weapons'] },
  { phrase: 'spice girls', categories: ['drugs'] },
  { phrase: 'spice up', categories: ['drugs'] },
  { phrase: 'dick whittington', categories: ['pornography'] },
  { phrase: 'moby dick', categories: ['pornography'] },
  { phrase: 'stupid question', categories: ['bullying'] },
  { phrase: 'pussy willow', categories: ['pornography'] },
  { phrase: 'weed killer', categories: ['drugs'] },
  { phrase: 'weed the garden', categories: ['drugs'] },
  { phrase: 'pull up the weeds', categories: ['drugs'] },
  { phrase: 'nazi germany', categories: ['extremism'] },
  { phrase: 'the nazis', categories: ['extremism'] },
];
