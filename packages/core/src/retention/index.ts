export { LegalHoldError, type LegalHoldRequest, placeLegalHold, releaseLegalHold } from "./legal-hold.js";
export { RETENTION_DAYS } from "./period.js";
export { retainUntil, retentionCutoff } from "./retain-until.js";
export { type SweepMetrics, sweepRetention } from "./sweeper.js";
