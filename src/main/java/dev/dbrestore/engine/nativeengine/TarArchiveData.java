package dev.dbrestore.engine.nativeengine;

import dev.dbrestore.archive.ArchiveInput;
import dev.dbrestore.archive.ProbedDump;
import dev.dbrestore.archive.TarHeader;
import dev.dbrestore.archive.TocEntry;
import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The members of a tar-format archive (pg_dump -Ft) after toc.dat, read in order from the dump's
 * replay stream: {@code <dumpId>.dat} per table, {@code blob_<oid>.dat} per large object followed
 * by the LO list member, then {@code restore.sql}, which is ignored (pg-archive-format.md §7).
 */
final class TarArchiveData implements ArchiveData {
    private final InputStream stream;
    private final ArchiveInput in;
    private TarHeader pending;
    private boolean ended;

    TarArchiveData(ProbedDump dump) {
        this.stream = dump.stream();
        this.in = new ArchiveInput(new BufferedInputStream(stream, 256 * 1024), dump.label(), 0);
        in.context("the tar member toc.dat");
        TarHeader toc = nextMember();
        if (toc == null || !"toc.dat".equals(toc.name())) {
            throw new UserError(in.label() + " does not start with the member toc.dat.");
        }
        skipMember(toc);
    }

    @Override
    public void tableData(TocEntry entry, TableDataConsumer consumer) {
        in.context("the data of " + ArchiveData.describe(entry));
        String wanted = entry.dataFileName();
        TarHeader member = nextMember();
        while (member != null && !member.name().equals(wanted)) {
            skipMember(member);
            member = nextMember();
        }
        if (member == null) {
            throw new UserError(in.label() + " has no member " + wanted + " holding the data of "
                    + ArchiveData.describe(entry) + ": the archive is truncated or incomplete (" + in.position()
                    + " bytes read). Download the backup again.");
        }
        consumeMember(member, consumer == null ? null : consumer::accept);
    }

    /** The LO members ({@code blob_<oid>.dat}) of this BLOBS entry, then its list member (blobs.toc). */
    @Override
    public void largeObjects(TocEntry entry, LargeObjectConsumer consumer) {
        in.context("the large objects of " + ArchiveData.describe(entry));
        TarHeader member = nextMember();
        while (member != null && !isLargeObject(member) && !isLargeObjectList(member)) {
            skipMember(member);
            member = nextMember();
        }
        while (member != null && isLargeObject(member)) {
            long oid = oidOf(member);
            consumeMember(member, consumer == null ? null : content -> consumer.accept(oid, content));
            member = nextMember();
        }
        if (member != null && isLargeObjectList(member)) {
            skipMember(member);
        } else {
            pending = member;
        }
    }

    @Override
    public void finish() {
        in.context("the tar members after the data");
        TarHeader member;
        while ((member = nextMember()) != null) {
            skipMember(member);
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

    private interface MemberConsumer {
        void accept(InputStream content);
    }

    private void consumeMember(TarHeader member, MemberConsumer consumer) {
        MemberInputStream content = new MemberInputStream(in, member.size());
        if (consumer != null) {
            consumer.accept(content);
        }
        in.skip(content.remaining() + member.padding(), "the member " + member.name());
    }

    private void skipMember(TarHeader member) {
        in.skip(member.size() + member.padding(), "the member " + member.name());
    }

    /** The next member's header, or null at the end-of-archive blocks (or a clean end of input). */
    private TarHeader nextMember() {
        if (pending != null) {
            TarHeader member = pending;
            pending = null;
            return member;
        }
        if (ended) {
            return null;
        }
        long position = in.position();
        int first = in.readByteOrEnd();
        if (first < 0) {
            ended = true;
            return null;
        }
        byte[] block = new byte[TarHeader.BLOCK];
        block[0] = (byte) first;
        System.arraycopy(in.readBytes(TarHeader.BLOCK - 1, "a tar member header"), 0, block, 1, TarHeader.BLOCK - 1);
        if (TarHeader.isEndBlock(block)) {
            ended = true;
            drainRest();
            return null;
        }
        return TarHeader.parse(block, in.label(), position);
    }

    /** After the end-of-archive marker only padding follows; read it so a producing process can finish. */
    private void drainRest() {
        while (in.readByteOrEnd() >= 0) {
            // discard
        }
    }

    private static boolean isLargeObject(TarHeader member) {
        return member.name().startsWith("blob_") && member.name().endsWith(".dat");
    }

    private static boolean isLargeObjectList(TarHeader member) {
        return member.name().startsWith("blobs") && member.name().endsWith(".toc");
    }

    private long oidOf(TarHeader member) {
        String digits = member.name().substring("blob_".length(), member.name().length() - ".dat".length());
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw in.corrupt("tar member " + member.name() + " does not name a large object OID");
        }
    }

    /** One member's content, at most {@code size} bytes; the archive ending early is a truncation error. */
    private static final class MemberInputStream extends InputStream {
        private final ArchiveInput in;
        private long remaining;

        MemberInputStream(ArchiveInput in, long size) {
            this.in = in;
            this.remaining = size;
        }

        long remaining() {
            return remaining;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            if (length == 0) {
                return 0;
            }
            int n = in.readSome(buffer, offset, (int) Math.min(length, remaining), "a tar member's data");
            remaining -= n;
            return n;
        }
    }
}
