package dev.dbrestore.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold production data (the download cache's raw dumps): owner-only from the moment
 * they exist, folders 0700 and files 0600, whatever the umask (the mode is given at creation,
 * never by a chmod after it, so there is no moment in which another user could open them). On a
 * file system without POSIX permissions (Windows) they are created with its defaults.
 */
final class PrivateFiles {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code dir} and any missing parents with mode 0700; an existing folder is left as it is. */
    static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir) || !posix(dir)) {
            return Files.createDirectories(dir);
        }
        return Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER));
    }

    /** Creates the new, empty file {@code file} with mode 0600 (fails if it exists). */
    static Path createFile(Path file) throws IOException {
        return Files.createFile(file, fileAttributes(file, FILE));
    }

    /** The attributes that create a file with {@code permissions}, none on a non-POSIX file system. */
    static FileAttribute<?>[] fileAttributes(Path file, Set<PosixFilePermission> permissions) {
        return posix(file) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
