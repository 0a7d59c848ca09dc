import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { ConfigError } from '../../../src/util/errors.js';

function errorOf(text: string): ConfigError {
  try {
    parseRepoConfig(text);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('config/schema lifecycle', () => {
  it('defaults minSupport and warnBefore to 90 days, with no products of its own', () => {
    expect(parseRepoConfig('').lifecycle).toEqual({ minSupport: 90 * 86_400_000, warnBefore: 90 * 86_400_000, products: [] });
  });

  it('reads durations and product entries', () => {
    const config = parseRepoConfig(
      [
        'lifecycle:',
        '  minSupport: 30d',
        '  warnBefore: 2w',
        '  products:',
        '    - product: acme-base',
        '      image: ghcr.io/acme/base',
        '      cycles:',
        '        - { cycle: 2, lts: true, eol: 2027-01-01 }',
        '        - { cycle: "3.10", eol: false, supportEnd: true }',
        '    - { product: python, image: ghcr.io/acme/python }',
      ].join('\n'),
    );

    expect(config.lifecycle).toEqual({
      minSupport: 30 * 86_400_000,
      warnBefore: 14 * 86_400_000,
      products: [
        {
          product: 'acme-base',
          image: 'ghcr.io/acme/base',
          cycles: [
            { cycle: '2', lts: true, eol: '2027-01-01' },
            { cycle: '3.10', eol: false, supportEnd: true },
          ],
        },
        { product: 'python', image: 'ghcr.io/acme/python' },
      ],
    });
  });

  it.each([
    ['lifecycle:\n  minSupport: soon\n', 2, 'lifecycle.minSupport', 'not a duration'],
    ['lifecycle:\n  maxSupport: 3d\n', 2, 'lifecycle.maxSupport', 'unknown key'],
    [
      'lifecycle:\n  products:\n    - product: acme\n      image: ghcr.io/acme/base\n',
      3,
      'lifecycle.products[0].product',
      'no shipped release data',
    ],
    ['lifecycle:\n  products:\n    - product: python\n', 3, 'lifecycle.products[0]', 'give an image, cycles, or both'],
    ['lifecycle:\n  products:\n    - product: python\n      image: "python:3.11"\n', 4, 'lifecycle.products[0].image', 'without a tag'],
    ['lifecycle:\n  products:\n    - product: Acme\n      cycles: [{ cycle: "1" }]\n', 3, 'lifecycle.products[0].product', 'lower-case'],
    [
      'lifecycle:\n  products:\n    - product: acme\n      cycles:\n        - { cycle: 3.10 }\n',
      5,
      'lifecycle.products[0].cycles[0].cycle',
      'in quotes',
    ],
    [
      'lifecycle:\n  products:\n    - product: acme\n      cycles:\n        - cycle: "1"\n          eol: 2027-02-30\n',
      6,
      'lifecycle.products[0].cycles[0].eol',
      '',
    ],
  ])('rejects %j at line %i, key %s', (text, line, path, reason) => {
    const error = errorOf(text);

    expect(error.line).toBe(line);
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
  });
});
