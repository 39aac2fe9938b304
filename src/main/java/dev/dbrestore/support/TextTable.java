package dev.dbrestore.support;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table for log output: columns padded to their widest cell, no trailing blanks. */
public final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    public TextTable(String... header) {
        rows.add(header);
    }

    public TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    public List<String> lines() {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(r, i).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(cell(r, i)).append(" ".repeat(widths[i] - cell(r, i).length())).append("  ");
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    private static String cell(String[] row, int i) {
        return i < row.length && row[i] != null ? row[i] : "-";
    }
}
