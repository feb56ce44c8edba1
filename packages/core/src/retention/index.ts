export { RETENTION_DAYS, RETENTION_YEARS } from "./period.js";
