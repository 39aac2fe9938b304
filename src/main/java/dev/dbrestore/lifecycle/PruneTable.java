package dev.dbrestore.lifecycle;

import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.Times;
import dev.dbrestore.support.TextTable;

import java.util.ArrayList;
import java.util.List;

/** Renders a prune's result for the log: one row per database, then the space freed. */
public final class PruneTable {
    private PruneTable() {
    }

    public static List<String> render(Pruner.Result result) {
        List<String> out = new ArrayList<>();
        if (result.rows().isEmpty()) {
            out.add("No databases made by dbrestore for this profile.");
        } else {
            TextTable table = new TextTable("DATABASE", "KIND", "BACKUP DATE", "SIZE", "ACTION", "WHY");
            for (Pruner.Row r : result.rows()) {
                table.row(r.database(), r.kind(), shortTime(r.backupTime()), Bytes.format(r.sizeBytes()),
                        action(r.action()), r.reason());
            }
            out.addAll(table.lines());
        }
        long dropped = result.rows().stream().filter(r -> r.action() == Pruner.Action.DROPPED
                || r.action() == Pruner.Action.WOULD_DROP).count();
        out.add((result.dryRun() ? "Dry run: would free " : "Freed ") + Bytes.format(result.freedBytes()) + " by dropping "
                + dropped + " database(s).");
        DownloadCache.Trim trim = result.cacheTrim();
        if (trim != null) {
            trim.removed().forEach(f -> out.add((result.dryRun() ? "Would remove" : "Removed") + " from the download cache: " + f));
            out.add("Download cache: " + (result.dryRun() ? "would free " : "freed ") + Bytes.format(trim.freedBytes()) + ".");
        }
        return out;
    }

    private static String action(Pruner.Action action) {
        return switch (action) {
            case KEPT -> "kept";
            case DROPPED -> "dropped";
            case WOULD_DROP -> "would drop";
            case SKIPPED -> "skipped";
        };
    }

    private static String shortTime(String iso) {
        return iso == null ? "-" : Times.show(iso);
    }
}
