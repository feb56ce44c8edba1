/**
 * How long consult records are kept, in whole days: the one definition of the period. S3 Object Lock's default
 * retention and the lifecycle expiry count it in days, the database from the meeting's date. Seven calendar
 * years are 2555, 2556 or 2557 days (one or two 29 Februarys, none in the spans that skip 2100), so 2557 days
 * is never shorter than seven years.
 */
export const RETENTION_DAYS = 2557;
