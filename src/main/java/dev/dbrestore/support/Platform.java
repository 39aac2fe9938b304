package dev.dbrestore.support;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The operating system the plugin runs on, where it changes what the plugin does: the shell a
 * {@code command:} source runs in, the names of executables, the path separator in messages, where
 * libpq keeps its password file. Injectable, so the Windows side is unit-tested on any machine.
 *
 * @param windows the JVM runs on Windows
 */
public record Platform(boolean windows) {
    /** Windows: {@code cmd /c}, {@code .exe}, backslashes, {@code %APPDATA%\postgresql\pgpass.conf}. */
    public static final Platform WINDOWS = new Platform(true);
    /** Linux, macOS and the other Unix systems: {@code sh -c}, bare names, slashes, {@code ~/.pgpass}. */
    public static final Platform UNIX = new Platform(false);

    /** The platform of this JVM. */
    public static Platform current() {
        return of(System.getProperty("os.name", ""));
    }

    /** The platform for an {@code os.name} value ({@code Windows 11}, {@code Linux}, {@code Mac OS X}). */
    public static Platform of(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows") ? WINDOWS : UNIX;
    }

    /** The command line that runs {@code command} in the platform's shell: {@code cmd /c …} or {@code sh -c …}. */
    public List<String> shell(String command) {
        return windows ? List.of("cmd", "/c", command) : List.of("sh", "-c", command);
    }

    /** The file names a tool may have: {@code pg_restore.exe} then {@code pg_restore} on Windows, {@code pg_restore} elsewhere. */
    public List<String> executableNames(String tool) {
        return windows && !tool.toLowerCase(Locale.ROOT).endsWith(".exe") ? List.of(tool + ".exe", tool) : List.of(tool);
    }

    /** The separator of path names in messages. */
    public char separator() {
        return windows ? '\\' : '/';
    }

    /**
     * A path as a message shows it, with the platform's separator throughout (on Windows a
     * configured {@code dumps/*.dump} under {@code C:\proj} reads {@code C:\proj\dumps\*.dump}).
     */
    public String show(Path path) {
        return show(path.toString());
    }

    /** A path given as text, shown with the platform's separator. */
    public String show(String path) {
        return windows ? path.replace('/', '\\') : path;
    }

    /** An example folder of PostgreSQL's client tools, for messages. */
    public String examplePgBin() {
        return windows ? "C:\\Program Files\\PostgreSQL\\17\\bin" : "/usr/lib/postgresql/17/bin";
    }

    /** libpq's password file as messages name it: {@code ~/.pgpass}, or {@code %APPDATA%\postgresql\pgpass.conf} on Windows. */
    public String pgpassName() {
        return windows ? "%APPDATA%\\postgresql\\pgpass.conf" : "~/.pgpass";
    }

    /**
     * Where libpq reads passwords when {@code PGPASSFILE} is not set: {@code %APPDATA%\postgresql\pgpass.conf}
     * on Windows, {@code ~/.pgpass} elsewhere.
     *
     * @param appData the {@code APPDATA} environment variable (Windows), may be null
     */
    public Path pgpassFile(Path home, String appData) {
        if (windows) {
            Path base = appData == null || appData.isBlank() ? home.resolve("AppData").resolve("Roaming") : Path.of(appData);
            return base.resolve("postgresql").resolve("pgpass.conf");
        }
        return home.resolve(".pgpass");
    }
}
