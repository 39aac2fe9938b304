package dev.dbrestore.lifecycle;

import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.naming.DatabaseName;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The databases this plugin made on a server, recognised by their provenance comment: restored
 * copies, template-cache databases, and the staging/failed/replaced leftovers of runs.
 */
public final class CopyCatalog {

    /** One database with our provenance. */
    public record Copy(String name, Provenance provenance, long sizeBytes, int connections) {
    }

    /** Newest backup first; for the same backup, the newest restore first. */
    public static final Comparator<Copy> NEWEST_FIRST =
            Comparator.comparing((Copy c) -> instant(c.provenance().backupTime()))
                    .thenComparing(c -> instant(c.provenance().restoredAt())).reversed()
                    .thenComparing(Copy::name);

    private CopyCatalog() {
    }

    /** Every restored copy, for {@code profile} only when it is not null, newest backup first. */
    public static List<Copy> copies(PgAdmin admin, String profile) {
        return find(admin, profile, c -> c.provenance().isCopy() && !DatabaseName.isStagingOrFailed(c.name()));
    }

    /** The template-cache databases (they refuse connections), newest backup first. */
    public static List<Copy> templates(PgAdmin admin, String profile) {
        return find(admin, profile, c -> c.provenance().isTemplate() && !DatabaseName.isStagingOrFailed(c.name()));
    }

    /**
     * Staging, failed and replaced databases ({@code …__restoring}, {@code …__failed}, {@code …__replaced}),
     * and the scratch databases of {@code publish} runs.
     */
    public static List<Copy> leftovers(PgAdmin admin, String profile) {
        return find(admin, profile, c -> DatabaseName.isStagingOrFailed(c.name()) || c.provenance().isPublishScratch());
    }

    /** The database {@code name} if it carries our provenance. */
    public static Optional<Copy> find(PgAdmin admin, String name) {
        return find(admin, null, c -> c.name().equals(name)).stream().findFirst();
    }

    private static List<Copy> find(PgAdmin admin, String profile, Predicate<Copy> which) {
        return admin.allDatabases().stream()
                .map(d -> Provenance.parse(d.comment()).map(p -> new Copy(d.name(), p, d.sizeBytes(), d.connections())))
                .flatMap(Optional::stream)
                .filter(c -> profile == null || profile.equals(c.provenance().profile()))
                .filter(which)
                .sorted(NEWEST_FIRST)
                .toList();
    }

    /** An ISO-8601 instant from the provenance; a missing or unreadable one sorts as the oldest. */
    public static Instant instant(String iso) {
        if (iso == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
