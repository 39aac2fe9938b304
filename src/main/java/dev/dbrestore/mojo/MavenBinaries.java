package dev.dbrestore.mojo;

import dev.dbrestore.embedded.PostgresBinaries;
import dev.dbrestore.support.UserError;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;

import java.util.List;

/**
 * Resolves the PostgreSQL binaries artifacts through the build's own repository system: the user's
 * local repository, remote repositories, mirrors, proxies and offline mode apply as to any dependency.
 */
public final class MavenBinaries implements PostgresBinaries {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    public MavenBinaries(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories == null ? List.of() : repositories;
    }

    @Override
    public Resolved resolve(String artifactId, String version) {
        String coordinates = GROUP_ID + ":" + artifactId + ":" + version;
        try {
            String exact = version;
            if (version.startsWith("[") || version.startsWith("(")) {
                VersionRangeResult range = system.resolveVersionRange(session, new VersionRangeRequest(
                        new DefaultArtifact(GROUP_ID, artifactId, "jar", version), repositories, null));
                if (range.getHighestVersion() == null) {
                    throw new UserError("No PostgreSQL binaries " + coordinates + " in the Maven repositories "
                            + names() + (session.isOffline() ? " (Maven runs offline)" : "")
                            + ": set target.embedded.version to a version that exists for this platform");
                }
                exact = range.getHighestVersion().toString();
            }
            Artifact artifact = system.resolveArtifact(session, new ArtifactRequest(
                    new DefaultArtifact(GROUP_ID, artifactId, "jar", exact), repositories, null)).getArtifact();
            return new Resolved(exact, artifact.getFile().toPath());
        } catch (VersionRangeResolutionException | ArtifactResolutionException e) {
            throw new UserError("Could not resolve the PostgreSQL binaries " + coordinates + " from " + names()
                    + ": " + e.getMessage(), e);
        }
    }

    private String names() {
        return repositories.stream().map(RemoteRepository::getId).toList().toString();
    }
}
