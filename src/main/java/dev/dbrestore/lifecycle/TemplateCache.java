package dev.dbrestore.lifecycle;

import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.source.Backup;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.Sha256;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The template cache ({@code cache: template}): after a full restore and sanitization the copy's
 * data is kept in a template database ({@code <project>_<profile>__tpl_<key>}, refusing
 * connections so it can always be cloned), and the next restore of the same backup with the same
 * sanitization is a {@code CREATE DATABASE … TEMPLATE … STRATEGY = FILE_COPY} instead of a
 * download and restore.
 *
 * <p>A template is made by <em>renaming</em> the finished staging database (its provenance
 * comment travels with it) and cloning the copy back from it, so at every instant each database
 * carries a comment that says what it is: a crash leaves nothing that prune cannot recognise.
 * Both the clone and the rename hold the template name's advisory lock, as does prune before it
 * drops a template.
 */
public final class TemplateCache {
    private final PgAdmin admin;
    private final Progress log;

    public TemplateCache(PgAdmin admin, Progress log) {
        this.admin = admin;
        this.log = log;
    }

    /**
     * What a template holds: the backup (source, id, date, size), the sanitize hash (null when not
     * sanitized) and the tables whose rows the restore skipped. Any difference means other data.
     */
    public static String key(String source, Backup backup, String sanitizeHash, List<String> excludeTableData) {
        String text = String.join("\n", "source=" + source, "backup=" + backup.id(),
                "createdAt=" + backup.createdAt(), "size=" + backup.size(),
                "sanitize=" + (sanitizeHash == null ? "none" : sanitizeHash),
                "excludeTableData=" + new TreeSet<>(excludeTableData == null ? List.of() : excludeTableData));
        return Sha256.hexOf(text);
    }

    /** The template database's name for {@code key}: {@code <project>_<profile>__tpl_<first 10 hex of key>}. */
    public static DatabaseName name(String project, String profile, String key) {
        String stem = project == null || project.isBlank() ? profile : project + "_" + profile;
        return DatabaseName.normalize(stem).template(key.substring(0, 10));
    }

    /** The template holding {@code key}, if one exists that nobody is connected to. */
    public Optional<CopyCatalog.Copy> find(String key) {
        return admin.allDatabases().stream()
                .filter(d -> d.connections() == 0)
                .map(d -> Provenance.parse(d.comment())
                        .filter(p -> p.isTemplate() && key.equals(p.cacheKey()))
                        .map(p -> new CopyCatalog.Copy(d.name(), p, d.sizeBytes(), d.connections())))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Creates {@code database} as a clone of {@code template} and returns the provenance the clone
     * should carry, or empty when the template is busy (prune is dropping it, or another run is
     * saving it) and the caller should restore in full.
     */
    public Optional<Provenance> cloneInto(CopyCatalog.Copy template, String database) {
        if (!admin.tryLock(template.name())) {
            log.info("The template " + template.name() + " is busy; restoring in full");
            return Optional.empty();
        }
        try {
            // normally already so; a run killed between making the template and closing it leaves it open
            admin.allowConnections(template.name(), false);
            admin.createFromTemplate(database, template.name(), admin.supportsCreateStrategy());
            return Optional.of(template.provenance().asCopyClonedAt(Instant.now()));
        } finally {
            admin.unlock(template.name());
        }
    }

    /**
     * Keeps the finished staging database as the template {@code templateName} and clones the
     * staging database back from it; the caller then comments and renames the staging database
     * as usual. Does nothing when another run holds or already made that template.
     *
     * @return true when the template was made
     */
    public boolean keep(String staging, Provenance copy, String key, DatabaseName templateName) {
        if (!admin.tryLock(templateName.value())) {
            return false;
        }
        try {
            if (admin.exists(templateName.value())) {
                return false;
            }
            admin.comment(staging, copy.asTemplate(key).toJson());
            admin.rename(staging, templateName.value());
            try {
                // nobody may connect: CREATE DATABASE … TEMPLATE needs a template without sessions
                admin.allowConnections(templateName.value(), false);
                admin.createFromTemplate(staging, templateName.value(), admin.supportsCreateStrategy());
            } catch (RuntimeException e) {
                // give the data back to the run, which can still finish without a template
                admin.allowConnections(templateName.value(), true);
                admin.rename(templateName.value(), staging);
                throw e;
            }
            return true;
        } finally {
            admin.unlock(templateName.value());
        }
    }

}
