package dev.dbrestore.lifecycle;

import dev.dbrestore.db.PgAdmin;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The databases this plugin restored on a server, recognised by their provenance comment. */
public final class Catalog {

    /** One restored copy. */
    public record Copy(String name, Provenance provenance, long sizeBytes, int connections) {
    }

    private Catalog() {
    }

    /** Every copy carrying our provenance, for {@code profile} only when it is not null, newest backup first. */
    public static List<Copy> copies(PgAdmin admin, String profile) {
        return admin.databases().stream()
                .map(d -> Provenance.parse(d.comment()).map(p -> new Copy(d.name(), p, d.sizeBytes(), d.connections())))
                .flatMap(Optional::stream)
                .filter(c -> profile == null || profile.equals(c.provenance().profile()))
                .sorted(Comparator.comparing((Copy c) -> nullToEmpty(c.provenance().backupTime())).reversed()
                        .thenComparing(Copy::name))
                .toList();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
