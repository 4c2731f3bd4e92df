import type { Verb } from '../verb.js';

/** Every verb of the CLI, in the order the help lists them. */
export const verbs: Verb[] = [];
