package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.ArchiveInput;
import dev.dbrestore.archive.Toc;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data blocks of a custom-format archive file read at random, from the offsets its TOC records
 * (pg_dump wrote it to a file, not a pipe), as {@code pg_restore -j} reads them: each table from
 * its own position, on whichever connection loads it (pg-archive-format.md §5). Each read opens
 * the file anew, so any number of threads read at once.
 */
final class CustomFileData implements ArchiveData {
    private static final int BUFFER = 256 * 1024;

    private final Path file;
    private final ArchiveHeader header;
    private final String label;
    private final Map<Integer, Long> sizes = new HashMap<>();

    /** Whether every entry with data records where its block starts (not so for an archive written to a pipe). */
    static boolean canRead(Toc toc) {
        return toc.entries().stream().filter(TocEntry::hasData).allMatch(e -> e.dataState() == 2 && e.dataOffset() > 0);
    }

    CustomFileData(Path file, ArchiveHeader header, Toc toc, String label) {
        this.file = file;
        this.header = header;
        this.label = label;
        // As pg_restore does: a block's size is the distance to the next block (the file's end for the last).
        List<TocEntry> withData = new ArrayList<>(toc.entries().stream().filter(TocEntry::hasData).toList());
        withData.sort(Comparator.comparingLong(TocEntry::dataOffset));
        long end;
        try {
            end = Files.size(file);
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
        for (int i = withData.size() - 1; i >= 0; i--) {
            long start = withData.get(i).dataOffset();
            sizes.put(withData.get(i).dumpId(), Math.max(0, end - start));
            end = start;
        }
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public long sizeOf(TocEntry entry) {
        return sizes.getOrDefault(entry.dumpId(), 0L);
    }

    @Override
    public void tableData(TocEntry entry, TableDataConsumer consumer) {
        if (consumer == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ArchiveInput in = blockOf(entry, channel, CustomArchiveData.BLOCK_DATA);
            try (GuardedInputStream rows = CustomArchiveData.decompressed(header, in, new ChunkedInputStream(in), entry)) {
                consumer.accept(rows);
            }
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void largeObjects(TocEntry entry, LargeObjectConsumer consumer) {
        if (consumer == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CustomArchiveData.readLargeObjects(header, blockOf(entry, channel, CustomArchiveData.BLOCK_BLOBS), entry,
                    consumer);
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The input positioned after the header of the entry's block, which must be there. */
    private ArchiveInput blockOf(TocEntry entry, FileChannel channel, int type) throws IOException {
        long offset = entry.dataOffset();
        ArchiveInput in = new ArchiveInput(new BufferedInputStream(Channels.newInputStream(channel.position(offset)), BUFFER),
                label, offset);
        in.sizes(header.intSize(), header.offSize());
        in.context("the data of " + ArchiveData.describe(entry));
        CustomArchiveData.BlockHeader block = CustomArchiveData.nextBlock(in);
        if (block == null) {
            throw new UserError(label + " is truncated: it ends at byte " + Math.min(offset, channel.size()) + " before the data of "
                    + ArchiveData.describe(entry) + ". Download the backup again or check that the file is complete.");
        }
        if (block.dumpId() != entry.dumpId() || block.type() != type) {
            throw in.corrupt("the data block at byte " + offset + " (where the TOC places the data of "
                    + ArchiveData.describe(entry) + ") belongs to dump id " + block.dumpId());
        }
        return in;
    }

    @Override
    public void finish() {
        // Nothing streams: every block was read from its own position.
    }

    @Override
    public void close() {
    }
}
