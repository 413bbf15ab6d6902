import { describe, expect, it } from 'vitest';
import { RosterError, parseRoster } from './roster-import';

describe('roster import', () => {
  it('reads MIS-style headers in any order and case, with a BOM and quoted names', () => {
    const rows = parseRoster('\uFEFFNC Year,Legal Name,Reg Group,UPN Login\r\nYear 5,"Patel, Ava",5B,ava.patel\r\n\r\nYear 3,Ben King,3A,ben.king\r\n');
    expect(rows).toEqual([
      { user: 'ava.patel', name: 'Patel, Ava', className: '5B', yearGroup: 'Year 5' },
      { user: 'ben.king', name: 'Ben King', className: '3A', yearGroup: 'Year 3' },
    ]);
  });

  it('refuses the whole file with every problem named by line', () => {
    const bad = () => parseRoster('user,name,class,year\nava,Ava,5B,Year 5\nava,Ava again,5B,Year 5\n,Nobody,5B,\n');
    expect(bad).toThrow(RosterError);
    expect(bad).toThrow(/line 3: user "ava" appears twice; line 4: no user name; line 4: no year group/);
    expect(() => parseRoster('name,class\nA,B\n')).toThrow(/missing columns: user .*; year/);
    expect(() => parseRoster('')).toThrow(/empty/);
    expect(() => parseRoster('user,name,class,year\n')).toThrow(/no pupils/);
    expect(() => parseRoster('user,name,class,year\n"unterminated,a,b,c\n')).toThrow(/not valid CSV/);
  });
});
