// The profile picture template as the Settings card edits it. Go
// (app/pfptemplate.go) is the authority and refuses bad values; these checks
// only keep the form from asking for a preview it knows will fail.

export type PFPShape = 'square' | 'rounded' | 'circle';
export type PFPFraming = 'head' | 'centre' | 'smart';

export interface PFPTemplateValue {
  shape: PFPShape | string;
  size: number;
  /** "#rrggbb" or "transparent". */
  background: string;
  /** "#rrggbb"; drawn only when outlineWidth > 0. */
  outline: string;
  outlineWidth: number;
  grayscale: boolean;
  framing: PFPFraming | string;
}

export const PFP_MIN_SIZE = 128;
export const PFP_MAX_SIZE = 1024;
export const PFP_MAX_OUTLINE = 32;

/** The built-in look: HeadshotPro's 600×600 head-and-shoulders square. */
export const DEFAULT_PFP_TEMPLATE: Readonly<PFPTemplateValue> = Object.freeze({
  shape: 'square',
  size: 600,
  background: 'transparent',
  outline: '#ffffff',
  outlineWidth: 0,
  grayscale: false,
  framing: 'head',
});

const HEX = /^#[0-9a-f]{6}$/i;

/** templateProblem says what is wrong with t, or '' when Go will accept it. */
export function templateProblem(t: PFPTemplateValue): string {
  if (!['square', 'rounded', 'circle'].includes(t.shape)) return 'Choose a shape.';
  if (!Number.isInteger(t.size) || t.size < PFP_MIN_SIZE || t.size > PFP_MAX_SIZE) return `The size must be a whole number from ${PFP_MIN_SIZE} to ${PFP_MAX_SIZE} pixels.`;
  if (t.background !== 'transparent' && !HEX.test(t.background)) return 'The background must be a colour like #1a2b3c, or transparent.';
  if (!Number.isInteger(t.outlineWidth) || t.outlineWidth < 0 || t.outlineWidth > PFP_MAX_OUTLINE) return `The outline width must be a whole number from 0 to ${PFP_MAX_OUTLINE} pixels.`;
  if (t.outlineWidth > 0 && !HEX.test(t.outline)) return 'The outline colour must be like #1a2b3c.';
  if (!['head', 'centre', 'smart'].includes(t.framing)) return 'Choose a framing.';
  return '';
}

/** sameTemplate compares two templates as they would render. */
export function sameTemplate(a: PFPTemplateValue, b: PFPTemplateValue): boolean {
  const bg = (t: PFPTemplateValue) => t.background.toLowerCase();
  const ol = (t: PFPTemplateValue) => (t.outlineWidth > 0 ? `${t.outline.toLowerCase()}/${t.outlineWidth}` : 'none');
  return a.shape === b.shape && a.size === b.size && bg(a) === bg(b) && ol(a) === ol(b) && a.grayscale === b.grayscale && a.framing === b.framing;
}

/** describeTemplate is a short summary, e.g. "512 × 512 circle, grayscale". */
export function describeTemplate(t: PFPTemplateValue): string {
  const parts = [`${t.size} × ${t.size} ${t.shape}`];
  if (t.shape !== 'square') parts.push(t.background === 'transparent' ? 'transparent corners' : `${t.background} corners`);
  if (t.outlineWidth > 0) parts.push(`${t.outlineWidth} px ${t.outline} outline`);
  if (t.grayscale) parts.push('grayscale');
  if (t.framing === 'centre') parts.push('centred');
  if (t.framing === 'smart') parts.push('smart framing');
  return parts.join(', ');
}
