/** The official-images loader lives in bench/support (the scan bench loads it too); tests import it from here. */
export * from '../../bench/support/official-images.js';
