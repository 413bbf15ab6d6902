/**
 * The matched term shown in its context. Everything here is text nodes made by Preact, never
 * HTML, so whatever a pupil typed (`<script>`, `<img onerror>`) is shown as inert text.
 */
export function Highlight({ text, start, end }: { text: string | null; start: number | null; end: number | null }) {
  const t = text ?? '';
  if (start === null || end === null || start < 0 || end > t.length || end < start) return <span>{t}</span>;
  return (
    <span>
      {t.slice(0, start)}
      <mark>{t.slice(start, end)}</mark>
      {t.slice(end)}
    </span>
  );
}
