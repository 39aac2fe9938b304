package dev.dbrestore.lifecycle;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables with aligned columns, for log lines. */
final class Tables {
    private Tables() {
    }

    /** The first row is the header; every row has the same number of cells. */
    static List<String> format(List<String[]> rows) {
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
}
