package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.BoundedInputStream;
import dev.dbrestore.archive.TarHeader;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The table data members of a tar-format archive file read at random (pg-archive-format.md §7):
 * the member headers are read once (one 512-byte block each, the data between them is jumped
 * over), then each table's {@code <dumpId>.dat} is read from its own position, on whichever
 * connection loads it. Large objects are read in order, as from the stream.
 */
final class TarFileData implements ArchiveData {
    private static final int BUFFER = 256 * 1024;

    private record Member(long offset, long size) {
    }

    private final Path file;
    private final String label;
    private final Map<String, Member> members = new HashMap<>();
    private final TarArchiveData largeObjects;

    TarFileData(Path file, String label, TarArchiveData inOrder) {
        this.file = file;
        this.label = label;
        this.largeObjects = inOrder;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            long size = channel.size();
            ByteBuffer block = ByteBuffer.allocate(TarHeader.BLOCK);
            while (position + TarHeader.BLOCK <= size) {
                block.clear();
                while (block.hasRemaining() && channel.read(block, position + block.position()) > 0) {
                    // read the whole header block
                }
                if (block.hasRemaining() || TarHeader.isEndBlock(block.array())) {
                    break;
                }
                TarHeader member = TarHeader.parse(block.array(), label, position);
                members.putIfAbsent(member.name(), new Member(position + TarHeader.BLOCK, member.size()));
                position += TarHeader.BLOCK + member.size() + member.padding();
            }
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean randomAccess() {
        return true;
    }

    @Override
    public long sizeOf(TocEntry entry) {
        Member member = entry.dataFileName() == null ? null : members.get(entry.dataFileName());
        return member == null ? 0 : member.size();
    }

    @Override
    public void tableData(TocEntry entry, TableDataConsumer consumer) {
        if (consumer == null) {
            return;
        }
        Member member = members.get(entry.dataFileName());
        if (member == null) {
            throw new UserError(label + " has no member " + entry.dataFileName() + " holding the data of "
                    + ArchiveData.describe(entry) + ": the archive is truncated or incomplete. Download the backup again.");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream content = new BoundedInputStream(
                     new BufferedInputStream(Channels.newInputStream(channel.position(member.offset())), BUFFER),
                     member.size())) {
            consumer.accept(new TruncationCheck(content, member.size(), entry));
        } catch (IOException e) {
            throw new Fault("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void largeObjects(TocEntry entry, LargeObjectConsumer consumer) {
        largeObjects.largeObjects(entry, consumer);
    }

    @Override
    public void finish() {
        // The large-object reader streams; the tables were read from their own positions.
    }

    @Override
    public void close() {
        largeObjects.close();
    }

    /** A member whose file ends before its recorded size is a truncated archive, not an empty rest. */
    private final class TruncationCheck extends InputStream {
        private final InputStream in;
        private final TocEntry entry;
        private long remaining;

        TruncationCheck(InputStream in, long size, TocEntry entry) {
            this.in = in;
            this.remaining = size;
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0 && remaining > 0) {
                throw new UserError(label + " is truncated inside the data of " + ArchiveData.describe(entry)
                        + ". Download the backup again.");
            }
            remaining -= Math.max(n, 0);
            return n;
        }
    }
}
