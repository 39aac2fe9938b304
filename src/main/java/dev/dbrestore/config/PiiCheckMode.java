package dev.dbrestore.config;

/** How the PII check after sanitization reacts to personal-looking columns no rule touched. */
public enum PiiCheckMode { WARN, FAIL, OFF, STRICT }
