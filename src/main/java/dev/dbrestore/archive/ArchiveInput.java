package dev.dbrestore.archive;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipException;

/**
 * Reads the primitive encodings of a pg_dump archive (pg-archive-format.md §2) from a stream,
 * counting the bytes so that every error can say where the archive ends or stops making sense.
 *
 * <p>Not buffered itself: give it a buffered stream.
 */
public final class ArchiveInput {
    /** Bigger strings do not occur in real archives; a bigger length means the bytes are garbage. */
    private static final int MAX_STRING_LENGTH = 1 << 30;

    private final InputStream in;
    private final String label;
    private long position;
    private int intSize = 4;
    private int offSize = 8;
    private Charset charset = StandardCharsets.UTF_8;
    private String context = "the archive header";
    private long lastOffset;

    /**
     * @param label         how error messages name the input, e.g. {@code acme.dump} or {@code toc.dat of acme.tar}
     * @param startPosition the byte offset of {@code in}'s first byte within that input
     */
    public ArchiveInput(InputStream in, String label, long startPosition) {
        this.in = in;
        this.label = label;
        this.position = startPosition;
    }

    /** Byte offset of the next byte to read, counted from the start of the input. */
    public long position() {
        return position;
    }

    public String label() {
        return label;
    }

    /** What is being read, for error messages: "the archive header", "TOC entry 12 of 250 (...)". */
    public void context(String what) {
        this.context = what;
    }

    /** The integer and offset sizes of the archive header (set when the header is read; set here for a reader that starts later in the file). */
    public void sizes(int intSize, int offSize) {
        this.intSize = intSize;
        this.offSize = offSize;
    }

    /** Charset of the archive's strings (its ENCODING entry); UTF-8 until that entry has been read. */
    public void charset(Charset charset) {
        this.charset = charset;
    }

    public Charset charset() {
        return charset;
    }

    public int readByte(String field) {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw readFailed(e);
        }
        if (b < 0) {
            throw truncated(field);
        }
        position++;
        return b;
    }

    /** Like {@link #readByte} but returns -1 at a clean end of input (between blocks). */
    public int readByteOrEnd() {
        try {
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    public byte[] readBytes(int count, String field) {
        try {
            byte[] bytes = in.readNBytes(count);
            position += bytes.length;
            if (bytes.length < count) {
                throw truncated(field);
            }
            return bytes;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /** Reads up to {@code length} bytes (at least one); the input ending here is an error. */
    public int readSome(byte[] buffer, int offset, int length, String field) {
        int n;
        try {
            n = in.read(buffer, offset, length);
        } catch (IOException e) {
            throw readFailed(e);
        }
        if (n < 0) {
            throw truncated(field);
        }
        position += n;
        return n;
    }

    /** An archive integer: a sign byte, then {@code intSize} magnitude bytes, least significant first. */
    public long readInt(String field) {
        int sign = readByte(field);
        long magnitude = 0;
        for (int i = 0; i < intSize; i++) {
            long b = readByte(field);
            if (i < 8) {
                magnitude |= b << (8 * i);
            } else if (b != 0) {
                throw corrupt(field + " does not fit in 64 bits");
            }
        }
        return sign == 0 ? magnitude : -magnitude;
    }

    /** An archive integer that must fit a Java int (counts, ids, lengths). */
    public int readSmallInt(String field) {
        long value = readInt(field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw corrupt(field + " is " + value + ", out of range");
        }
        return (int) value;
    }

    /** An archive string: a length (-1 = NULL), then that many bytes in the archive's encoding. */
    public String readString(String field) {
        byte[] bytes = readStringBytes(field);
        return bytes == null ? null : new String(bytes, charset);
    }

    public byte[] readStringBytes(String field) {
        long length = readInt(field + " length");
        if (length == -1) {
            return null;
        }
        if (length < -1 || length > MAX_STRING_LENGTH) {
            throw corrupt(field + " has an impossible length " + length);
        }
        return readBytes((int) length, field);
    }

    /** A file offset (§2.4): returns the flag byte; the offset itself is available from {@link #lastOffset()}. */
    public int readOffsetFlag(String field) {
        int flag = readByte(field);
        long offset = 0;
        for (int i = 0; i < offSize; i++) {
            long b = readByte(field);
            if (i < 8) {
                offset |= b << (8 * i);
            } else if (b != 0) {
                throw corrupt(field + " does not fit in 64 bits");
            }
        }
        lastOffset = offset;
        return flag;
    }

    public long lastOffset() {
        return lastOffset;
    }

    /** Reads and drops {@code count} bytes. */
    public void skip(long count, String field) {
        try {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        position += count - left;
                        throw truncated(field);
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            position += count;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    /** "acme.dump is truncated: it ends at byte 1234, in TOC entry 3 of 60 (...), while reading its tag". */
    public UserError truncated(String field) {
        return new UserError(label + " is truncated or corrupt: it ends at byte " + position + " in " + context
                + " while reading " + field + ". Download the backup again or check that the file is complete.");
    }

    public UserError corrupt(String problem) {
        return new UserError(label + " is corrupt at byte " + position + " in " + context + ": " + problem
                + ". Download the backup again or check that the file is a pg_dump archive.");
    }

    /** A gzip-compressed dump that is cut short or damaged surfaces here as an IOException of the inflater. */
    private RuntimeException readFailed(IOException e) {
        if (e instanceof EOFException) {
            return truncated("the next bytes (" + e.getMessage() + ")");
        }
        if (e instanceof ZipException) {
            return corrupt("the gzip compression is damaged (" + e.getMessage() + ")");
        }
        return new Fault("Could not read " + label + " at byte " + position + ": " + e.getMessage(), e);
    }
}
