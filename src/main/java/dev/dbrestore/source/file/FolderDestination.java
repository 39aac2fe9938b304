package dev.dbrestore.source.file;

import dev.dbrestore.source.PublishDestination;
import dev.dbrestore.support.UserError;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code publish: { file: /srv/dumps/acme }}: each file is written as {@code <name>.part}, fsynced and
 * renamed into place, so a reader never sees a half-written dump under a published name. Metadata
 * has no place in a folder: the manifest carries it.
 */
public final class FolderDestination implements PublishDestination {
    static final String PART_SUFFIX = ".part";

    private final Path folder;

    public FolderDestination(String folder, Path baseDir, Path home) {
        String p = folder.equals("~") || folder.startsWith("~/") ? home + folder.substring(1) : folder;
        Path path = Path.of(p);
        this.folder = path.isAbsolute() ? path : baseDir.resolve(path).normalize();
    }

    @Override
    public String describe() {
        return "file:" + folder;
    }

    @Override
    public List<String> names() throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> !n.endsWith(PART_SUFFIX)).sorted().toList();
        }
    }

    @Override
    public byte[] read(String name) throws IOException {
        return Files.readAllBytes(folder.resolve(name));
    }

    @Override
    public Upload create(String name, Map<String, String> metadata) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UserError("Cannot create the publish folder " + folder + ": " + e.getMessage());
        }
        Path target = folder.resolve(name);
        Path part = folder.resolve(name + PART_SUFFIX);
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel);
        return new Upload() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public void commit() throws IOException {
                channel.force(true);
                channel.close();
                try {
                    Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncFolder();
                committed = true;
            }

            @Override
            public void close() throws IOException {
                if (!committed) {
                    channel.close();
                    Files.deleteIfExists(part);
                }
            }
        };
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(folder.resolve(name));
    }

    @Override
    public void close() {
    }

    /** The rename is durable only once the folder's entry is on disk too (not possible everywhere: best effort). */
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some file systems cannot open a folder for sync; the file itself was synced
        }
    }
}
