package dev.dbrestore.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps one variable of a {@code .envrc} / {@code .env} file pointing at the new copy: the line
 * that sets it is replaced in place (keeping an {@code export } prefix), every other line is kept
 * as it was, and a missing line is appended. The file keeps its mode, owner and group, and a
 * symbolic link stays a link: its target is rewritten (see {@code write}).
 */
public final class EnvFile {
    private final Path file;

    public EnvFile(Path file) {
        this.file = file;
    }

    /** Sets {@code variable} to {@code value}: its line is replaced, or one is appended. */
    public void set(String variable, String value) throws IOException {
        Pattern line = Pattern.compile("^(\\s*(?:export\\s+)?)" + Pattern.quote(variable) + "=.*$");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        List<String> out = new ArrayList<>(lines.size() + 1);
        boolean replaced = false;
        for (String l : lines) {
            var m = line.matcher(l);
            if (m.matches() && !replaced) {
                out.add(m.group(1) + variable + "=" + value);
                replaced = true;
            } else {
                out.add(l);
            }
        }
        if (!replaced) {
            boolean exportStyle = file.getFileName().toString().equals(".envrc")
                    || lines.stream().anyMatch(l -> l.trim().startsWith("export "));
            out.add((exportStyle ? "export " : "") + variable + "=" + value);
        }
        write(out);
    }

    /**
     * Like {@link #set} for a value holding a secret: the file is created, or made, readable and writable
     * by its owner only (0600) before the value is written.
     */
    public void setPrivately(String variable, String value) throws IOException {
        Path target = resolveLinks(file);
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            if (!Files.exists(target)) {
                Files.createDirectories(target.toAbsolutePath().getParent());
                PrivateFiles.createFile(target);
            } else {
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
        }
        set(variable, value);
    }

    /**
     * Replaces the file's content atomically: a temporary file beside the real file (the target of
     * a symbolic link, so the link stays), created owner-only and written, given the old file's
     * mode, owner and group, then moved over it. Where the owner cannot be kept (another user's file), the
     * file is rewritten in place instead, which keeps everything but atomicity. A new file gets
     * the usual mode (umask).
     */
    private void write(List<String> lines) throws IOException {
        Path target = resolveLinks(file);
        if (!Files.exists(target) || !target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            writeAtomically(target, lines, null);
            return;
        }
        PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class);
        if (!writeAtomically(target, lines, old)) {
            Files.write(target, lines, StandardCharsets.UTF_8);
        }
    }

    /** Writes through a temporary file with {@code old}'s attributes (none: defaults); false when they cannot be kept. */
    private static boolean writeAtomically(Path target, List<String> lines, PosixFileAttributes old) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".dbrestore-tmp");
        Files.deleteIfExists(tmp);
        try {
            if (old == null) {
                Files.write(tmp, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            } else {
                Files.write(PrivateFiles.createFile(tmp), lines, StandardCharsets.UTF_8);
                PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
                if (!view.getOwner().equals(old.owner())) {
                    view.setOwner(old.owner());
                }
                if (!view.readAttributes().group().equals(old.group())) {
                    view.setGroup(old.group());
                }
                view.setPermissions(old.permissions());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (FileSystemException notPermitted) {
            if (old == null) {
                throw notPermitted;
            }
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file a chain of symbolic links ends at (a dangling link's target too): the file to rewrite. */
    private static Path resolveLinks(Path path) throws IOException {
        Path current = path;
        for (int hops = 0; Files.isSymbolicLink(current); hops++) {
            if (hops > 40) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            Path parent = current.toAbsolutePath().getParent();
            current = parent.resolve(Files.readSymbolicLink(current)).normalize();
        }
        return current;
    }

    /** The value the file currently gives the variable, or null. */
    public String get(String variable) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Pattern line = Pattern.compile("^\\s*(?:export\\s+)?" + Pattern.quote(variable) + "=(.*)$");
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            var m = line.matcher(l);
            if (m.matches()) {
                String v = m.group(1).trim();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v;
            }
        }
        return null;
    }
}
