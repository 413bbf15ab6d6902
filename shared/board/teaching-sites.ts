/**
 * Teaching sites that must stay reachable while the board is projecting (issue 5: "Nothing
 * else breaks while projecting"). Hosts cover their subdomains. Schools add their own with
 * `board.extraAllowedHosts`; Google search itself is not here (it is what board mode closes),
 * only Google's teaching tools.
 */
export interface TeachingSite {
  name: string;
  hosts: readonly string[];
}

export const TEACHING_SITES: readonly TeachingSite[] = [
  { name: 'BBC Bitesize and BBC Teach', hosts: ['bbc.co.uk', 'bbc.com', 'bbci.co.uk'] },
  { name: 'Oak National Academy', hosts: ['thenational.academy', 'oaknationalacademy.com'] },
  { name: 'Purple Mash', hosts: ['purplemash.com', '2simple.com'] },
  {
    name: 'Google Workspace for Education',
    hosts: [
      'classroom.google.com',
      'docs.google.com',
      'drive.google.com',
      'slides.google.com',
      'sheets.google.com',
      'forms.google.com',
      'sites.google.com',
      'meet.google.com',
      'jamboard.google.com',
      'accounts.google.com',
    ],
  },
  {
    name: 'Microsoft 365',
    hosts: ['office.com', 'microsoft365.com', 'office365.com', 'sharepoint.com', 'onedrive.live.com', 'teams.microsoft.com', 'login.microsoftonline.com', 'onenote.com'],
  },
  { name: 'Scratch', hosts: ['scratch.mit.edu'] },
  { name: 'Espresso (Discovery Education)', hosts: ['discoveryeducation.co.uk', 'espresso.co.uk'] },
  { name: 'Times Tables Rock Stars and Numbots', hosts: ['ttrockstars.com', 'numbots.com'] },
  { name: 'White Rose Education', hosts: ['whiterosemaths.com', 'whiteroseeducation.com'] },
  { name: 'Twinkl', hosts: ['twinkl.co.uk', 'twinkl.com'] },
  { name: 'Education City', hosts: ['educationcity.com'] },
  { name: 'Mathletics and Readiwriter', hosts: ['mathletics.com', '3plearning.com'] },
  { name: 'Spelling Shed and Maths Shed', hosts: ['spellingshed.com', 'mathshed.com', 'edshed.com'] },
  { name: 'Nessy', hosts: ['nessy.com'] },
  { name: 'Doodle Maths', hosts: ['doodlemaths.com', 'doodlelearning.com'] },
  { name: 'Topmarks', hosts: ['topmarks.co.uk'] },
  { name: 'National Geographic Kids', hosts: ['natgeokids.com'] },
  { name: 'Kiddle', hosts: ['kiddle.co'] },
  { name: 'Code.org', hosts: ['code.org'] },
  { name: 'Seesaw', hosts: ['seesaw.me', 'app.seesaw.me'] },
  { name: 'ClassDojo', hosts: ['classdojo.com'] },
  { name: 'GoNoodle', hosts: ['gonoodle.com'] },
  { name: 'Charanga (music)', hosts: ['charanga.com'] },
  { name: 'Oxford Owl', hosts: ['oxfordowl.co.uk'] },
  { name: 'ViewPure', hosts: ['viewpure.com'] },
];

export const TEACHING_HOSTS: readonly string[] = [...new Set(TEACHING_SITES.flatMap((s) => s.hosts))];
