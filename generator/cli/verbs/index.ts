import type { Verb } from '../verb.js';
import { contractVerb } from './contract.js';
import { diffVerb } from './diff.js';
import { generateVerb } from './generate.js';
import { lintVerb } from './lint.js';
import { mockVerb } from './mock.js';

/** Every verb of the CLI, in the order the help lists them. */
export const verbs: Verb[] = [lintVerb, generateVerb, mockVerb, contractVerb, diffVerb];
