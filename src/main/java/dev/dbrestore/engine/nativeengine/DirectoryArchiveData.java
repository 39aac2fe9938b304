package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The data files of a directory-format dump (pg_dump -Fd): {@code <dumpId>.dat[.gz|.lz4|.zst]}
 * per table, and per BLOBS entry a list file of {@code <oid> blob_<oid>.dat} lines
 * (pg-archive-format.md §6). Like pg_restore, each file's compression is told by its suffix.
 */
final class DirectoryArchiveData implements ArchiveData {
    private static final List<String> SUFFIXES = List.of("", ".gz", ".lz4", ".zst");

    private final Path folder;

    DirectoryArchiveData(Path folder) {
        this.folder = folder;
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public long sizeOf(TocEntry entry) {
        for (String suffix : SUFFIXES) {
            Path candidate = folder.resolve(entry.dataFileName() + suffix);
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.size(candidate);
                } catch (IOException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    @Override
    public void tableData(TocEntry entry, TableDataConsumer consumer) {
        if (consumer == null) {
            return;
        }
        Path file = existing(entry.dataFileName(), entry);
        try (InputStream raw = Files.newInputStream(file);
             GuardedInputStream rows = new GuardedInputStream(Decompression.file(file.toString(), raw),
                     () -> file + " (the data of " + ArchiveData.describe(entry) + ")")) {
            consumer.accept(rows);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    @Override
    public void largeObjects(TocEntry entry, LargeObjectConsumer consumer) {
        if (consumer == null) {
            return;
        }
        Path list = existing(entry.dataFileName(), entry);
        try (BufferedReader lines = Files.newBufferedReader(list, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+", 2);
                if (parts.length != 2) {
                    throw new UserError(list + " is corrupt: the line '" + line + "' is not '<oid> <file name>'.");
                }
                long oid = Long.parseLong(parts[0]);
                Path file = existing(parts[1], entry);
                try (InputStream raw = Files.newInputStream(file);
                     GuardedInputStream content = new GuardedInputStream(Decompression.file(file.toString(), raw),
                             () -> file + " (large object " + oid + ")")) {
                    consumer.accept(oid, content);
                }
            }
        } catch (NumberFormatException e) {
            throw new UserError(list + " is corrupt: " + e.getMessage() + " is not a large object OID.");
        } catch (IOException e) {
            throw unreadable(list, e);
        }
    }

    @Override
    public void finish() {
        // Nothing streams: every file was opened on demand.
    }

    @Override
    public void close() {
    }

    /** The file, or the first of file.gz / .lz4 / .zst that exists. */
    private Path existing(String name, TocEntry entry) {
        for (String suffix : SUFFIXES) {
            Path candidate = folder.resolve(name + suffix);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UserError("The directory dump " + folder + " is incomplete: " + name + " (the data of "
                + ArchiveData.describe(entry) + ") is missing.");
    }

    private static Fault unreadable(Path file, IOException e) {
        return new Fault("Could not read " + file + ": " + e.getMessage(), e);
    }
}
