/** The fault proxy lives in bench/support (the bench injects faults too); tests import it from here. */
export * from '../../../bench/support/fault-proxy.js';
