import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configText, dockerfileText, factsArbitrary } from '../../../bench/support/fuzz-inputs.js';
import { checkConfig, checkExtraction, checkPlan } from '../../../bench/support/fuzz-properties.js';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';

/** The seed of every property in npm test, so a failure reproduces; `npm run fuzz` draws new ones. */
const FUZZ_SEED = 20_261_201;
const scale = { items: 60, adversarialScale: 2 };

describe('config and plan properties on untrusted input (fixed seed; `npm run fuzz` runs more)', () => {
  it('parses any generated config into a RepoConfig or a ConfigError naming the file and key, nothing else', () => {
    fc.assert(
      fc.property(configText(scale), (text) => {
        const config = checkConfig(text);

        expect(config === null || typeof config.enabled === 'boolean').toBe(true);
      }),
      { seed: FUZZ_SEED, numRuns: 200 },
    );
  });

  it('plans every reference of a generated Dockerfile with generated registry facts, proposing only valid tags, edits byte-exact', () => {
    const policies = [
      parseRepoConfig(''),
      parseRepoConfig(
        'pinDigests: true\nminimumReleaseAge: 0\nignore:\n  - image: "*"\n    versions: ["*a*a*a*a*a*a*a*a*a*a*a*ab", "9*"]\n',
      ),
    ];
    fc.assert(
      fc.property(dockerfileText(scale), factsArbitrary(), fc.constantFrom(...policies), (text, generated, policy) => {
        for (const ref of checkExtraction(text)) {
          const proposal = checkPlan(text, ref, policy, generated);

          expect(proposal === null || proposal.ref === ref).toBe(true);
        }
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
