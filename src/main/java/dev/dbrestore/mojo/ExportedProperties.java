package dev.dbrestore.mojo;

import dev.dbrestore.app.RestoreResult;
import org.apache.maven.project.MavenProject;

import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the restored copy to later plugins of the same build as project properties, and
 * remembers it for {@code prune} with {@code thisBuild}.
 *
 * <p>Outputs never share a name with an input: every goal reads its parameters from properties
 * named {@code dbrestore.<parameter>} (Maven also looks them up among the project properties), so
 * an export named {@code dbrestore.database} would become the next goal's target. The copy is
 * therefore exported as {@code dbrestore.restoredDatabase}, which no goal reads.
 */
final class ExportedProperties {
    /** The name of the copy just restored (not {@code dbrestore.database}, which is an input). */
    static final String DATABASE = "dbrestore.restoredDatabase";
    static final String URL = "dbrestore.url";
    static final String JDBC_URL = "dbrestore.jdbcUrl";
    static final String USER = "dbrestore.user";
    /** Only for {@code target: embedded}, whose password is generated: for failsafe tests of the same build; never logged. */
    static final String PASSWORD = "dbrestore.password";
    /** Project context key: the copies restore made in this build, as {profile, database}. */
    private static final String RESTORED = "dev.dbrestore.restoredInThisBuild";

    private ExportedProperties() {
    }

    static void export(MavenProject project, String profile, RestoreResult result) {
        if (project == null) {
            return;
        }
        project.getProperties().setProperty(DATABASE, result.database());
        project.getProperties().setProperty(URL, result.url());
        project.getProperties().setProperty(JDBC_URL, result.jdbcUrl());
        if (result.user() != null) {
            project.getProperties().setProperty(USER, result.user());
        }
        if (result.embeddedPassword() != null) {
            project.getProperties().setProperty(PASSWORD, result.embeddedPassword());
        }
        List<String[]> restored = new ArrayList<>(restoredInThisBuild(project));
        restored.add(new String[] {profile, result.database()});
        project.setContextValue(RESTORED, List.copyOf(restored));
    }

    /** The copies restore made earlier in this build of the project, as {profile, database}, oldest first. */
    @SuppressWarnings("unchecked")
    static List<String[]> restoredInThisBuild(MavenProject project) {
        Object value = project == null ? null : project.getContextValue(RESTORED);
        return value instanceof List<?> list ? (List<String[]>) list : List.of();
    }
}
