import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../app.yml', import.meta.url), 'utf8');

describe('app.yml (GitHub App manifest)', () => {
  it('is valid YAML asking for the least the app needs', () => {
    const manifest = parse(text) as { name: string; default_permissions: Record<string, string>; default_events: string[] };

    expect(manifest.name).toBe('freshbase');
    expect(manifest.default_permissions).toEqual({
      contents: 'write',
      pull_requests: 'write',
      issues: 'write',
      actions: 'write',
      metadata: 'read',
    });
    expect([...manifest.default_events].sort()).toEqual(['issue_comment', 'issues', 'pull_request', 'push']);
  });

  it('says why for every permission', () => {
    const lines = text.split('\n');
    const permissionLines = lines
      .map((line, i) => [line, i] as const)
      .filter(([line]) => /^ {2}(contents|pull_requests|issues|actions|metadata):/.test(line));

    expect(permissionLines).toHaveLength(5);
    for (const [, index] of permissionLines) expect(lines[index - 1]?.trim().startsWith('#')).toBe(true);
  });
});
