import { describe, expect, it } from 'vitest';
import { problemText } from '../src/core/rules.js';

describe('problemText: a problem on one line names its field once', () => {
  it('keeps a message that starts with its field, and puts the field before one that does not', () => {
    const own = { field: 'impact_level', message: 'impact_level must be one of critical, high' };
    expect(problemText(own)).toBe('impact_level must be one of critical, high');
    const rule = { field: 'impact_level', message: 'critical is only for breaking changes' };
    expect(problemText(rule)).toBe('impact_level: critical is only for breaking changes');
    // A field name that is only a prefix of the message's first word is not the field.
    const prefix = { field: 'impact', message: 'impact_level is missing' };
    expect(problemText(prefix)).toBe('impact: impact_level is missing');
  });
});
