package dev.dbrestore.lifecycle;

import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.TextTable;
import dev.dbrestore.support.Times;

import java.util.List;

/** Renders restored copies as a plain-text table for the log. */
public final class CopyTable {
    private CopyTable() {
    }

    public static List<String> render(List<CopyCatalog.Copy> copies) {
        TextTable table = new TextTable("DATABASE", "PROJECT", "PROFILE", "SOURCE", "BACKUP DATE", "RESTORED AT", "SIZE", "SANITIZED");
        for (CopyCatalog.Copy c : copies) {
            Provenance p = c.provenance();
            table.row(c.name(), p.project(), p.profile(), p.source(), Times.show(p.backupTime()), Times.show(p.restoredAt()),
                    Bytes.format(c.sizeBytes()), p.sanitizedText());
        }
        return table.lines();
    }
}
