import { describe, expect, it } from 'vitest';
import { DEFAULT_PFP_TEMPLATE, describeTemplate, sameTemplate, templateProblem } from '../../src/lib/pfpTemplate';

describe('pfp template', () => {
  it('accepts the default and refuses bad values', () => {
    expect(templateProblem(DEFAULT_PFP_TEMPLATE)).toBe('');
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, size: 127 })).toMatch(/128 to 1024/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, size: 512.5 })).toMatch(/whole number/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, size: NaN })).toMatch(/size/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, background: 'blue' })).toMatch(/background/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, outlineWidth: 33 })).toMatch(/outline width/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, outlineWidth: 2, outline: '#fff' })).toMatch(/outline colour/);
    expect(templateProblem({ ...DEFAULT_PFP_TEMPLATE, shape: 'hexagon' })).toMatch(/shape/);
  });

  it('compares as rendered: the outline colour does not matter without a width', () => {
    expect(sameTemplate(DEFAULT_PFP_TEMPLATE, { ...DEFAULT_PFP_TEMPLATE, outline: '#000000' })).toBe(true);
    expect(sameTemplate(DEFAULT_PFP_TEMPLATE, { ...DEFAULT_PFP_TEMPLATE, outlineWidth: 1 })).toBe(false);
    expect(sameTemplate({ ...DEFAULT_PFP_TEMPLATE, background: '#AABBCC' }, { ...DEFAULT_PFP_TEMPLATE, background: '#aabbcc' })).toBe(true);
  });

  it('describes a template', () => {
    expect(describeTemplate(DEFAULT_PFP_TEMPLATE)).toBe('600 × 600 square');
    expect(describeTemplate({ ...DEFAULT_PFP_TEMPLATE, shape: 'circle', size: 512, outlineWidth: 4, outline: '#ff0000', grayscale: true })).toBe(
      '512 × 512 circle, transparent corners, 4 px #ff0000 outline, grayscale',
    );
  });
});
