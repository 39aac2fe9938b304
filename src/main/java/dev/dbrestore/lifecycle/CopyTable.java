package dev.dbrestore.lifecycle;

import dev.dbrestore.support.Bytes;

import java.util.ArrayList;
import java.util.List;

/** Renders restored copies as a plain-text table for the log. */
public final class CopyTable {
    private CopyTable() {
    }

    public static List<String> render(List<Catalog.Copy> copies) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"DATABASE", "PROFILE", "SOURCE", "BACKUP DATE", "RESTORED AT", "SIZE", "SANITIZED"});
        for (Catalog.Copy c : copies) {
            Provenance p = c.provenance();
            rows.add(new String[]{c.name(), nz(p.profile()), nz(p.source()), shortTime(p.backupTime()),
                    shortTime(p.restoredAt()), Bytes.format(c.sizeBytes()), p.sanitized() ? "yes" : "no"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                sb.append(String.format("%-" + widths[i] + "s", r[i]));
                if (i < r.length - 1) {
                    sb.append("  ");
                }
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    private static String shortTime(String iso) {
        if (iso == null) {
            return "-";
        }
        return iso.length() >= 16 ? iso.substring(0, 16).replace('T', ' ') : iso;
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}
