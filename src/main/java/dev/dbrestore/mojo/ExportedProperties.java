package dev.dbrestore.mojo;

import dev.dbrestore.app.RestoreResult;
import org.apache.maven.project.MavenProject;

/** Publishes the restored copy to later plugins of the same build as project properties. */
final class ExportedProperties {
    private ExportedProperties() {
    }

    static void export(MavenProject project, RestoreResult result) {
        if (project == null) {
            return;
        }
        project.getProperties().setProperty("dbrestore.database", result.database());
        project.getProperties().setProperty("dbrestore.url", result.url());
        project.getProperties().setProperty("dbrestore.jdbcUrl", result.jdbcUrl());
        if (result.user() != null) {
            project.getProperties().setProperty("dbrestore.user", result.user());
        }
    }
}
