// The contract generated TypeScript kernels implement (`featc/kernel`): runtime/kernel/contract.ts.
export * from "./kernel/contract.js";
