package dev.dbrestore.lifecycle;

import dev.dbrestore.support.Bytes;
import dev.dbrestore.support.TextTable;

import java.util.List;

/** Renders restored copies as a plain-text table for the log. */
public final class CopyTable {
    private CopyTable() {
    }

    public static List<String> render(List<CopyCatalog.Copy> copies) {
        TextTable table = new TextTable("DATABASE", "PROFILE", "SOURCE", "BACKUP DATE", "RESTORED AT", "SIZE", "SANITIZED");
        for (CopyCatalog.Copy c : copies) {
            Provenance p = c.provenance();
            table.row(c.name(), p.profile(), p.source(), shortTime(p.backupTime()), shortTime(p.restoredAt()),
                    Bytes.format(c.sizeBytes()), p.sanitizedText());
        }
        return table.lines();
    }

    private static String shortTime(String iso) {
        if (iso == null) {
            return null;
        }
        return iso.length() >= 16 ? iso.substring(0, 16).replace('T', ' ') : iso;
    }
}
