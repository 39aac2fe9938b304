package dev.dbrestore.mojo;

import dev.dbrestore.app.UseCases;
import dev.dbrestore.config.RunOptions;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.repository.RemoteRepository;

import java.util.List;

/**
 * The goals that talk to a PostgreSQL server (restore, sanitize, prune, list, publish, status, stop):
 * {@code -Ddbrestore.target} and, for {@code target: embedded}, the build's own repository system,
 * which resolves the PostgreSQL binaries artifact like any dependency (repositories, mirrors, proxies,
 * offline mode).
 */
public abstract class AbstractServerMojo extends AbstractDbRestoreMojo {

    /**
     * The server to use instead of the YAML's {@code target:}: {@code embedded} (a PostgreSQL of the
     * dump's version that dbrestore starts and keeps running) or a {@code postgres://} URL.
     */
    @Parameter(property = "dbrestore.target")
    protected String target;

    @Component
    protected RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true)
    protected RepositorySystemSession repositorySession;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true)
    protected List<RemoteRepository> remoteRepositories;

    /** The YAML file if there is one (status and stop also work without it, on the default data folder). */
    protected dev.dbrestore.config.ConfigFile configIfPresent(RunOptions options) {
        return java.nio.file.Files.isRegularFile(options.configFile()) ? loadConfig(options) : null;
    }

    @Override
    protected UseCases useCases(RunOptions options) {
        return super.useCases(options).withEmbedded(
                new MavenBinaries(repositorySystem, repositorySession, remoteRepositories),
                CommandLineWins.of(session).pick("dbrestore.target", target, CommandLineWins.TEXT));
    }
}
