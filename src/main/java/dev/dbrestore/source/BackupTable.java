package dev.dbrestore.source;

import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.TextTable;
import dev.dbrestore.support.Times;

import java.util.List;

/** Renders a source's backups, newest first, as a plain-text table for the log. */
public final class BackupTable {
    private BackupTable() {
    }

    public static List<String> render(List<Backup> backups) {
        TextTable table = new TextTable("ID", "TAKEN", "SIZE", "STATUS");
        for (Backup b : backups) {
            table.row(b.id(), Times.show(b.createdAt()),
                    b.size() == null ? null : Bytes.format(b.size()), b.status());
        }
        return table.lines();
    }
}
