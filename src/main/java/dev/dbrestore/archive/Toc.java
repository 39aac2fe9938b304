package dev.dbrestore.archive;

import java.util.List;

/** The table of contents of an archive, in archive order. */
public record Toc(List<TocEntry> entries) {

    /** Number of TABLE entries (tables, not their data). */
    public long tableCount() {
        return entries.stream().filter(e -> "TABLE".equals(e.desc())).count();
    }

    public List<TocEntry> ofType(String desc) {
        return entries.stream().filter(e -> desc.equals(e.desc())).toList();
    }
}
