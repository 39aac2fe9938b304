package dev.dbrestore.config;

/**
 * What the leak scan after sanitization does when a raw value of a masked column turns up in another
 * column: fail the run, warn, or not scan at all. Unset: {@code fail} for {@code sensitive: true}
 * profiles, {@code warn} otherwise.
 */
public enum LeakScanMode { FAIL, WARN, OFF }
