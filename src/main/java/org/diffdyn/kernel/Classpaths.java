package org.diffdyn.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands classpath strings the way a shell user expects: entries separated by the platform path separator, a
 * leading {@code ~/} means the home folder, and a glob in the last path element ({@code lib/*}, {@code
 * lib/*.jar}, {@code ext/diffdyn-?.jar}) is matched against the files of its folder. {@code dir/*} means the jars
 * of {@code dir}, as with {@code java -cp}. JShell's own {@code addToClasspath} does none of this.
 */
final class Classpaths {

    private Classpaths() {}

    /** The existing files and folders named by {@code classpath}, in order; unmatched globs are reported. */
    static List<Path> expand(String classpath, List<String> problems) {
        List<Path> out = new ArrayList<>();
        if (classpath == null) return out;
        for (String raw : classpath.split(File.pathSeparator)) {
            String entry = raw.strip();
            if (entry.isEmpty()) continue;
            if (entry.startsWith("~/")) entry = System.getProperty("user.home") + entry.substring(1);
            Path path = Paths.get(entry);
            String last = path.getFileName() == null ? "" : path.getFileName().toString();
            if (last.indexOf('*') < 0 && last.indexOf('?') < 0 && last.indexOf('[') < 0 && last.indexOf('{') < 0) {
                if (Files.exists(path)) out.add(path.toAbsolutePath().normalize());
                else problems.add("no such file: " + entry);
                continue;
            }
            Path dir = path.getParent() == null ? Paths.get(".") : path.getParent();
            String glob = last.equals("*") ? "*.{jar,JAR}" : last;
            int before = out.size();
            if (Files.isDirectory(dir)) {
                List<Path> matched = new ArrayList<>();
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
                    for (Path f : files) matched.add(f.toAbsolutePath().normalize());
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
                matched.sort(null);
                out.addAll(matched);
            }
            if (out.size() == before) problems.add("nothing matches: " + entry);
        }
        return out;
    }
}
