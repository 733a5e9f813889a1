// Per test file: removes the folders made by tempDir() (test/helpers/temp.ts) when the file ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp.js';

afterAll(() => removeTempDirs());
