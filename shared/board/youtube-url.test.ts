import { describe, expect, it } from 'vitest';
import { approvedEmbedUrl, viewPureUrl, youtubeVideoId } from './youtube-url';

const ID = 'dQw4w9WgXcQ';

describe('youtubeVideoId', () => {
  it.each([
    `https://www.youtube.com/watch?v=${ID}`,
    `https://youtube.com/watch?v=${ID}&t=42s`,
    `http://www.youtube.com/watch?feature=share&v=${ID}`,
    `https://m.youtube.com/watch?v=${ID}`,
    `https://music.youtube.com/watch?v=${ID}&list=RDAMVM`,
    `https://gaming.youtube.com/watch?v=${ID}`,
    `https://www.youtube.com/shorts/${ID}`,
    `https://youtube.com/shorts/${ID}?feature=share`,
    `https://www.youtube.com/embed/${ID}?autoplay=1`,
    `https://www.youtube-nocookie.com/embed/${ID}`,
    `https://youtube-nocookie.com/embed/${ID}?rel=0`,
    `https://www.youtube.com/v/${ID}`,
    `https://www.youtube.com/e/${ID}`,
    `https://www.youtube.com/live/${ID}?si=abc`,
    `https://youtu.be/${ID}`,
    `https://youtu.be/${ID}?t=10`,
    `https://www.youtube.com/attribution_link?a=x&u=%2Fwatch%3Fv%3D${ID}%26feature%3Dshare`,
    `https://www.youtubekids.com/watch?v=${ID}`,
  ])('finds the id in %s', (url) => {
    expect(youtubeVideoId(url)).toBe(ID);
  });

  it.each([
    'https://www.youtube.com/',
    'https://www.youtube.com/results?search_query=cats',
    'https://www.youtube.com/watch?v=short',
    'https://youtu.be/',
    'https://youtu.be/abc',
    `https://viewpure.com/${ID}`,
    `https://notyoutube.com/watch?v=${ID}`,
    `https://www.youtube.com.evil.example/watch?v=${ID}`,
    `javascript:alert(1)//youtube.com/watch?v=${ID}`,
    'not a url',
  ])('finds no video in %s', (url) => {
    expect(youtubeVideoId(url)).toBeNull();
  });

  it('builds the ViewPure and embed links for an id', () => {
    expect(viewPureUrl(ID)).toBe(`https://viewpure.com/${ID}`);
    expect(approvedEmbedUrl(ID)).toBe(`https://www.youtube-nocookie.com/embed/${ID}`);
  });
});
