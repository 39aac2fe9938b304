package dev.dbrestore.embedded;

import dev.dbrestore.support.Fault;
import dev.dbrestore.support.UserError;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The binaries of one version, unpacked once from the artifact's jar into
 * {@code <dataDir>/binaries/<version>-<platform>}. Unpacking goes into a fresh temporary folder that is
 * renamed into place when complete, so a folder with the final name is always whole; the temporary
 * folder of a killed run is removed by the next one. Two builds unpacking at once both finish; the
 * second one's copy is thrown away.
 */
final class BinariesFolder {
    private static final String PARTIAL = ".partial-";

    private BinariesFolder() {
    }

    /** The unpacked folder (with {@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}) for {@code jar}. */
    static Path unpacked(Path binariesRoot, String name, Path jar) {
        Path target = binariesRoot.resolve(name);
        if (isComplete(target)) {
            return target;
        }
        try {
            Files.createDirectories(binariesRoot);
            removeLeftovers(binariesRoot, name);
            Path partial = binariesRoot.resolve(name + PARTIAL + UUID.randomUUID());
            Files.createDirectory(partial);
            try {
                unpackJar(jar, partial);
                if (!isComplete(partial)) {
                    throw new UserError("The PostgreSQL binaries artifact " + jar.getFileName()
                            + " holds no bin/initdb, bin/pg_ctl and bin/postgres; delete it from your local Maven "
                            + "repository and run again");
                }
                moveIntoPlace(partial, target);
            } finally {
                deleteTree(partial);
            }
            return target;
        } catch (IOException e) {
            throw new Fault("Could not unpack the PostgreSQL binaries " + jar + " into " + binariesRoot + ": " + e, e);
        }
    }

    static boolean isComplete(Path folder) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(tool -> Files.isRegularFile(folder.resolve("bin").resolve(tool))
                || Files.isRegularFile(folder.resolve("bin").resolve(tool + ".exe")));
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
            if (!isComplete(target)) {
                // a folder with the final name but not whole: made by something else than this class; redo it
                deleteTree(target);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
            // else another build unpacked the same version first: use its folder
        }
    }

    /** The partial folders a killed run left, and a folder with the final name that is not whole. */
    private static void removeLeftovers(Path root, String name) throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                String file = p.getFileName().toString();
                boolean stalePartial = file.startsWith(name + PARTIAL)
                        && Files.getLastModifiedTime(p).toMillis() < System.currentTimeMillis() - 10 * 60_000L;
                if (stalePartial || file.equals(name) && !isComplete(p)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void unpackJar(Path jar, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry txz = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new UserError("The PostgreSQL binaries artifact " + jar.getFileName()
                            + " holds no .txz archive"));
            try (InputStream in = new BufferedInputStream(zip.getInputStream(txz), 1 << 16)) {
                untar(new TarArchiveInputStream(new XZCompressorInputStream(in)), into);
            }
        }
    }

    private static void untar(TarArchiveInputStream tar, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            Path out = root.resolve(entry.getName()).normalize();
            if (!out.startsWith(root)) {
                throw new UserError("The PostgreSQL binaries archive has an entry outside its folder: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
            } else if (entry.isSymbolicLink()) {
                Files.createDirectories(out.getParent());
                Path link = out.getParent().resolve(entry.getLinkName()).normalize();
                if (!link.startsWith(root)) {
                    throw new UserError("The PostgreSQL binaries archive links outside its folder: " + entry.getName());
                }
                Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
            } else if (entry.isFile()) {
                Files.createDirectories(out.getParent());
                Files.copy(tar, out);
                setMode(out, entry.getMode());
            }
        }
    }

    private static void setMode(Path file, int mode) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(file, perms);
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover is removed by the next run
        }
    }
}
