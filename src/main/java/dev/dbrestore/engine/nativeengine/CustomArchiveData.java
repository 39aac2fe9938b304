package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.ArchiveHeader;
import dev.dbrestore.archive.ArchiveInput;
import dev.dbrestore.archive.ArchiveReader;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.Progress;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The data blocks of a custom-format archive, read in file order from the dump's replay stream
 * (pg-archive-format.md §5). Data offsets are never used, so archives written to a pipe (no
 * offsets) read the same way as archives written to a file.
 */
final class CustomArchiveData implements ArchiveData {
    static final int BLOCK_DATA = 1;
    static final int BLOCK_BLOBS = 3;

    private final InputStream stream;
    private final ArchiveInput in;
    private final ArchiveHeader header;
    private final Progress progress;
    /** Position of each entry with data among all entries with data: blocks come in this order. */
    private final Map<Integer, Integer> dataOrder = new HashMap<>();

    record BlockHeader(int type, int dumpId, long position) {
    }

    CustomArchiveData(ProbedDump dump, Progress progress) {
        this.stream = dump.stream();
        this.progress = progress;
        this.in = new ArchiveInput(new BufferedInputStream(stream, 256 * 1024), dump.label(), 0);
        // The replay stream starts at byte 0: read past the header and TOC again (a few MB at most).
        this.header = ArchiveReader.readHeader(in, ArchiveReader.FORMAT_CUSTOM);
        ArchiveReader.readToc(in, header);
        int order = 0;
        for (TocEntry entry : dump.toc().entries()) {
            if (entry.hasData()) {
                dataOrder.put(entry.dumpId(), order++);
            }
        }
    }

    @Override
    public void tableData(TocEntry entry, TableDataConsumer consumer) {
        expectBlock(entry, BLOCK_DATA);
        ChunkedInputStream chunks = new ChunkedInputStream(in);
        if (consumer != null) {
            try (GuardedInputStream rows = decompressed(header, in, chunks, entry)) {
                consumer.accept(rows);
            }
        }
        chunks.skipToEnd();
    }

    @Override
    public void largeObjects(TocEntry entry, LargeObjectConsumer consumer) {
        expectBlock(entry, BLOCK_BLOBS);
        readLargeObjects(header, in, entry, consumer);
    }

    /** The large objects of a BLOBS block whose header has been read: OID, chunks, ..., a zero OID. */
    static void readLargeObjects(ArchiveHeader header, ArchiveInput in, TocEntry entry, LargeObjectConsumer consumer) {
        while (true) {
            long oid = in.readInt("a large object's OID") & 0xFFFFFFFFL;
            if (oid == 0) {
                return;
            }
            in.context("large object " + oid + " of " + ArchiveData.describe(entry));
            ChunkedInputStream chunks = new ChunkedInputStream(in);
            if (consumer != null) {
                try (GuardedInputStream content = decompressed(header, in, chunks, entry)) {
                    consumer.accept(oid, content);
                }
            }
            chunks.skipToEnd();
        }
    }

    @Override
    public void finish() {
        in.context("the data blocks after the last TOC entry");
        int skipped = 0;
        BlockHeader block;
        while ((block = nextBlock(in)) != null) {
            skipBlock(block);
            skipped++;
        }
        if (skipped > 0) {
            progress.warn(in.label() + " holds " + skipped + " data block(s) that no TOC entry asked for; they were ignored.");
        }
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException e) {
            throw new Fault("Could not close " + in.label() + ": " + e.getMessage(), e);
        }
    }

    /** Reads forward to the entry's block; blocks nobody asks for are skipped, a block from later means ours is missing. */
    private void expectBlock(TocEntry entry, int type) {
        in.context("the data of " + ArchiveData.describe(entry));
        Integer wanted = dataOrder.get(entry.dumpId());
        while (true) {
            BlockHeader block = nextBlock(in);
            if (block == null) {
                throw new UserError(in.label() + " is truncated: it ends at byte " + in.position() + " before the data of "
                        + ArchiveData.describe(entry) + ". Download the backup again or check that the file is complete.");
            }
            if (block.dumpId() == entry.dumpId()) {
                if (block.type() != type) {
                    throw in.corrupt("the data block at byte " + block.position() + " has type " + block.type()
                            + " where type " + type + " was expected");
                }
                return;
            }
            Integer found = dataOrder.get(block.dumpId());
            if (wanted != null && found != null && found > wanted) {
                throw in.corrupt("the data block at byte " + block.position() + " belongs to dump id " + block.dumpId()
                        + ", so the data of " + ArchiveData.describe(entry) + " is missing");
            }
            progress.warn(in.label() + ": skipped a data block of dump id " + block.dumpId() + " at byte "
                    + block.position() + " that comes out of TOC order.");
            skipBlock(block);
        }
    }

    /** The type and dump id at the start of a data block, or null at the end of the input. */
    static BlockHeader nextBlock(ArchiveInput in) {
        long position = in.position();
        int type = in.readByteOrEnd();
        if (type < 0) {
            return null;
        }
        if (type != BLOCK_DATA && type != BLOCK_BLOBS) {
            throw in.corrupt("unknown data block type " + type + " at byte " + position);
        }
        int dumpId = in.readSmallInt("a data block's dump id");
        return new BlockHeader(type, dumpId, position);
    }

    private void skipBlock(BlockHeader block) {
        if (block.type() == BLOCK_DATA) {
            new ChunkedInputStream(in).skipToEnd();
            return;
        }
        while ((in.readInt("a large object's OID") & 0xFFFFFFFFL) != 0) {
            new ChunkedInputStream(in).skipToEnd();
        }
    }

    /** A data block's chunks, decompressed; damage is reported with the entry and the position. */
    static GuardedInputStream decompressed(ArchiveHeader header, ArchiveInput in, ChunkedInputStream chunks,
                                           TocEntry entry) {
        try {
            return new GuardedInputStream(Decompression.customBlock(header.compression(), chunks),
                    () -> in.label() + ": the data of " + ArchiveData.describe(entry) + " near byte " + in.position());
        } catch (IOException e) {
            throw new UserError("Corrupt dump: " + in.label() + ": the data of " + ArchiveData.describe(entry)
                    + " near byte " + in.position() + " cannot be decompressed (" + e.getMessage() + ").", e);
        }
    }
}
