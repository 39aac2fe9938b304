package dev.dbrestore.source;

import dev.dbrestore.support.Bytes;

import java.util.ArrayList;
import java.util.List;

/** Renders a source's backups, newest first, as a plain-text table for the log. */
public final class BackupTable {
    private BackupTable() {
    }

    public static List<String> render(List<Backup> backups) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "TAKEN", "SIZE", "STATUS"});
        for (Backup b : backups) {
            rows.add(new String[]{b.id(), b.createdAt() == null ? "-" : b.createdAt().toString(),
                    b.size() == null ? "-" : Bytes.format(b.size()), b.status() == null ? "-" : b.status()});
        }
        int[] widths = new int[4];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(String.format("%-" + widths[i] + "s", r[i])).append(i < r.length - 1 ? "  " : "");
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }
}
