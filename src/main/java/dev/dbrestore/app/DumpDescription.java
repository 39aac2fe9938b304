package dev.dbrestore.app;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.report.RunReport;

import java.util.Locale;
import java.util.Map;

/** What the log and the report say about a dump: format, compression, versions, tables. */
public final class DumpDescription {
    private DumpDescription() {
    }

    public static Map<String, Object> of(ProbedDump dump) {
        ArchiveHeader h = dump.header();
        return RunReport.map(
                "format", dump.format().name().toLowerCase(Locale.ROOT) + (dump.gzipped() ? "+gzip" : ""),
                "archiveVersion", h == null ? null : h.archiveVersion(),
                "compression", h == null ? null : h.compression().name().toLowerCase(Locale.ROOT),
                "pgDumpVersion", h == null ? null : h.pgDumpVersion(),
                "serverVersion", h == null ? null : h.serverVersion(),
                "tables", dump.toc() == null ? null : dump.toc().tableCount());
    }

    public static String summary(ProbedDump dump) {
        ArchiveHeader h = dump.header();
        String format = dump.format().name().toLowerCase(Locale.ROOT) + (dump.gzipped() ? " (gzip-compressed)" : "");
        if (h == null) {
            return format + " SQL script";
        }
        return format + " archive " + h.archiveVersion() + ", " + h.compression().name().toLowerCase(Locale.ROOT)
                + " compression, made by pg_dump " + h.pgDumpVersion() + " from server " + h.serverVersion()
                + ", " + dump.toc().tableCount() + " tables";
    }
}
