package dev.dbrestore.config;

import dev.dbrestore.support.UserError;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads {@code restore-profiles.yml} strictly: SnakeYAML only parses the text into a tree (with
 * line and column marks); this package walks that tree itself, so that an unknown key, a wrong
 * type or a missing key is reported as {@code file:line:column: what is wrong; what to write}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static ConfigFile load(Path file, Interpolator interpolator) {
        return load(read(file), file.toString(), file.toAbsolutePath().getParent(), interpolator);
    }

    /**
     * Loads YAML text as if it were the file {@code fileNameForMessages} in {@code baseDir}.
     *
     * @param fileNameForMessages how error messages name the file; also the file's name in {@code baseDir}
     */
    public static ConfigFile load(String yamlText, String fileNameForMessages, Path baseDir, Interpolator interpolator) {
        Path file = baseDir.resolve(Path.of(fileNameForMessages).getFileName()).toAbsolutePath().normalize();
        Node root = parse(yamlText, fileNameForMessages);
        if (root == null) {
            throw new UserError(fileNameForMessages + " is empty; it needs at least 'profiles:'. A minimal file:\n\n"
                    + minimalFile(baseDir));
        }
        ConfigNode.Source source = new ConfigNode.Source(fileNameForMessages, interpolator);
        return ConfigReader.read(new ConfigNode(root, "", source), file);
    }

    /** A minimal working restore-profiles.yml for a project in {@code folder} (see {@link StarterFile}). */
    public static String minimalFile(Path folder) {
        return StarterFile.forFile(StarterFile.projectName(null, folder), StarterFile.DEFAULT_FILE);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("Configuration file " + file + " does not exist. Create it, or point "
                    + "-Ddbrestore.config at another file. A minimal one that restores the newest dump in ~/Downloads:\n\n"
                    + minimalFile(file.toAbsolutePath().getParent()));
        } catch (CharacterCodingException e) {
            throw new UserError("Configuration file " + file + " is not UTF-8 text.");
        } catch (IOException e) {
            throw new UserError("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The YAML tree, or null for a file holding nothing (or only comments). */
    private static Node parse(String yamlText, String fileName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(options).compose(new StringReader(yamlText));
        } catch (MarkedYAMLException e) {
            throw new UserError(syntaxError(e, fileName));
        } catch (YAMLException e) {
            throw new UserError(fileName + ": invalid YAML: " + e.getMessage());
        }
    }

    /** One line: where, SnakeYAML's problem in plain words, and where the construct it was reading began. */
    static String syntaxError(MarkedYAMLException e, String fileName) {
        Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder message = new StringBuilder(fileName);
        if (at != null) {
            message.append(':').append(at.getLine() + 1).append(':').append(at.getColumn() + 1);
        }
        message.append(": invalid YAML: ").append(plain(e.getProblem()));
        Mark started = e.getContextMark();
        if (e.getContext() != null) {
            message.append(" (").append(e.getContext());
            if (started != null && at != null && (started.getLine() != at.getLine() || started.getColumn() != at.getColumn())) {
                message.append(" that started at line ").append(started.getLine() + 1)
                        .append(", column ").append(started.getColumn() + 1);
            }
            message.append(')');
        }
        if (e.getProblem() != null && e.getProblem().contains("<block")) {
            message.append("; check the indentation of this line and the one above");
        }
        return message.toString();
    }

    private static String plain(String problem) {
        if (problem == null) {
            return "cannot parse";
        }
        if (problem.contains("\\t(TAB)")) {
            return "a tab character; YAML indentation must use spaces";
        }
        return problem;
    }
}
