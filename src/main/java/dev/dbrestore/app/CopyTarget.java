package dev.dbrestore.app;

import dev.dbrestore.config.OnExists;
import dev.dbrestore.db.PgAdmin;
import dev.dbrestore.lifecycle.CopyCatalog;
import dev.dbrestore.naming.DatabaseName;
import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Declined;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.util.List;

/**
 * Where a restore puts its copy: the wanted name, locked against concurrent runs, and what to do
 * when it is taken ({@code onExists}). Only a copy dbrestore made (it carries our provenance) is
 * replaced without {@code force}; replacing anything else needs {@code -Ddbrestore.force=true},
 * and the refusal says what would be lost.
 */
final class CopyTarget {

    /** The name the copy gets, and whether it replaces an existing database of that name. */
    record Choice(DatabaseName name, boolean replace) {
    }

    private final PgAdmin admin;
    private final Prompter prompter;
    private final Progress log;

    CopyTarget(PgAdmin admin, Prompter prompter, Progress log) {
        this.admin = admin;
        this.prompter = prompter;
        this.log = log;
    }

    /** Locks {@code wanted} (and the name finally chosen) for this run and decides where the copy goes. */
    Choice choose(DatabaseName wanted, OnExists onExists, boolean force) {
        lock(wanted);
        new Swap(admin, log).recoverReplaced(wanted);
        Choice choice = resolve(wanted, onExists, force);
        if (choice.replace()) {
            log.info(wanted + " exists and will be replaced once the new copy is complete"
                    + (onExists == OnExists.OVERWRITE ? " (onExists: overwrite)" : " (as answered)"));
        } else if (!choice.name().equals(wanted)) {
            log.info(wanted + " exists; restoring beside it as " + choice.name()
                    + (onExists == OnExists.SUFFIX ? " (onExists: suffix)" : " (as answered)"));
            lock(choice.name());
        }
        return choice;
    }

    private void lock(DatabaseName name) {
        if (!admin.tryLock(name.value())) {
            throw new UserError("Another dbrestore run is restoring " + name + " on " + admin.server()
                    + " right now. Wait for it to finish, or restore under another name (-Ddbrestore.database=...).");
        }
    }

    private Choice resolve(DatabaseName name, OnExists onExists, boolean force) {
        if (!admin.exists(name.value())) {
            return new Choice(name, false);
        }
        switch (onExists) {
            case OVERWRITE:
                requireOurs(name, force);
                return new Choice(name, true);
            case SUFFIX:
                return new Choice(besideIt(name), false);
            case PROMPT:
                requireOurs(name, force);
                String answer = prompter.choose("Database " + name + " already exists. Replace it (y), restore beside "
                        + "it as " + besideIt(name) + " (s), or keep it and stop (n)?", List.of("y", "s", "n"), "n");
                if (answer.equals("y")) {
                    return new Choice(name, true);
                }
                if (answer.equals("s")) {
                    return new Choice(besideIt(name), false);
                }
                throw new Declined("Database " + name + " already exists and was kept, as answered; nothing was "
                        + "restored. (-Ddbrestore.onExists=overwrite or =suffix decides without asking.)");
            case FAIL:
            default:
                throw new UserError("Database " + name + " already exists. It was left untouched. Use "
                        + "-Ddbrestore.onExists=overwrite to replace it, -Ddbrestore.onExists=suffix to restore "
                        + "beside it, or -Ddbrestore.database=NAME for another name.");
        }
    }

    /** The first free {@code <name>_N}, N from 2. */
    private DatabaseName besideIt(DatabaseName name) {
        for (int n = 2; n < 1000; n++) {
            DatabaseName candidate = name.withSuffix(n);
            if (!admin.exists(candidate.value())) {
                return candidate;
            }
        }
        throw new UserError("Too many copies named " + name + "_N; prune some first");
    }

    /** A database without our provenance is somebody's own: replaced only with force, and never silently. */
    private void requireOurs(DatabaseName name, boolean force) {
        if (CopyCatalog.find(admin, name.value()).isPresent()) {
            return;
        }
        long size = admin.databases().stream().filter(d -> d.name().equals(name.value()))
                .mapToLong(PgAdmin.DatabaseInfo::sizeBytes).findFirst().orElse(0);
        int tables = admin.tableCount(name.value());
        String what = Bytes.format(size) + (tables >= 0 ? ", " + tables + " table(s)" : "");
        if (!force) {
            throw new UserError("Database " + name + " exists and was not made by dbrestore (it has no dbrestore "
                    + "provenance comment); it holds " + what + ". It was left untouched. Restore under another name "
                    + "(-Ddbrestore.database=NAME or -Ddbrestore.onExists=suffix), or add -Ddbrestore.force=true to "
                    + "replace it and lose its contents.");
        }
        log.warn("Replacing " + name + ", a database dbrestore did not make (" + what + "), because of -Ddbrestore.force=true");
    }
}
