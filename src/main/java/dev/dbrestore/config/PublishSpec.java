package dev.dbrestore.config;

/**
 * Where the {@code publish} goal uploads sanitized dumps, and how many it keeps there.
 *
 * @param s3   an S3 bucket and prefix (same keys and credentials as the s3 source), or null
 * @param file a folder, or null; exactly one of {@code s3} and {@code file} is set
 * @param keep how many published dumps (with their manifests) to keep; null keeps all
 */
public record PublishSpec(SourceSpec.S3 s3, String file, Integer keep) {
    public String describe() {
        return s3 != null ? s3.describe() : "file:" + file;
    }
}
