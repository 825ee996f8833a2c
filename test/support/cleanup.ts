// Set up before every test file (vitest.config.ts): the file's scratch folders go when it ends.
import { afterAll } from "vitest";
import { removeScratchDirs } from "./paths.js";

afterAll(removeScratchDirs);
