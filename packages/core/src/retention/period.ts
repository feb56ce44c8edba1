/** How long consult records are kept: seven years, counted in whole days as S3 Object Lock and lifecycle rules need. */
export const RETENTION_YEARS = 7;

/** Seven years of 365 days plus the two leap days any seven-year span contains at least. */
export const RETENTION_DAYS = 2557;
