package dev.dbrestore.app;

import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.support.Progress;

import java.util.List;
import java.util.Map;

/**
 * Puts a finished staging database under its final name. When a copy already has that name, the
 * two renames (old copy → {@code <name>__replaced}, staging → {@code <name>}) run in one
 * transaction, so no crash, Ctrl-C or lost connection can leave the name missing; the old copy is
 * dropped only after that commit. A {@code <name>__replaced} whose {@code <name>} is gone (left by
 * an older version, or by a hand) is put back under its name, never dropped.
 */
final class Swap {
    private final PgAdmin admin;
    private final Progress log;

    Swap(PgAdmin admin, Progress log) {
        this.admin = admin;
        this.log = log;
    }

    /** Renames {@code staging} to {@code finalName}, replacing a copy of that name when {@code replace}. */
    void intoPlace(DatabaseName staging, DatabaseName finalName, boolean replace) {
        if (!replace || !admin.exists(finalName.value())) {
            admin.rename(staging.value(), finalName.value());
            return;
        }
        DatabaseName old = finalName.replaced();
        if (admin.exists(old.value())) {
            // a completed swap whose last drop did not happen: finalName holds the newer copy
            admin.dropForce(old.value());
        }
        // the old copy remembers its name, so that even a shortened __replaced name can be put back
        CopyCatalog.find(admin, finalName.value())
                .ifPresent(c -> admin.comment(finalName.value(), c.provenance().withTarget(finalName.value()).toJson()));
        admin.renameTogether(List.of(Map.entry(finalName.value(), old.value()), Map.entry(staging.value(), finalName.value())));
        admin.dropForce(old.value());
        log.info("Replaced the previous " + finalName);
    }

    /** Puts a lone {@code <name>__replaced} of ours back under {@code <name>}; true if it did. */
    boolean recoverReplaced(DatabaseName name) {
        DatabaseName old = name.replaced();
        if (admin.exists(name.value()) || CopyCatalog.find(admin, old.value()).isEmpty()) {
            return false;
        }
        admin.rename(old.value(), name.value());
        log.warn("Found " + old + " without " + name + " (a replacement that stopped half-way): renamed it back to " + name);
        return true;
    }
}
