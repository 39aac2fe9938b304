package dev.dbrestore.app;

import dev.dbrestore.source.PublishedManifest;

/**
 * What a {@code publish} run did.
 *
 * @param destination where it publishes, e.g. {@code s3://acme-sanitized/prod/}
 * @param published   false when nothing was written: the same backup and sanitization were there already, or a dry run
 * @param manifest    the manifest of the published dump (the one already there for a no-op); null for a dry run
 */
public record PublishResult(String destination, boolean published, PublishedManifest manifest) {
}
