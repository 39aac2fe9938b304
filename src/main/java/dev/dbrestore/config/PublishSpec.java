package dev.dbrestore.config;

/** Where the {@code publish} goal uploads sanitized dumps, and how many it keeps there. */
public record PublishSpec(SourceSpec.S3 s3, Integer keep) {
}
