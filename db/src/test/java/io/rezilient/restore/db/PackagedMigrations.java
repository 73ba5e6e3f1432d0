package io.rezilient.restore.db;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The versions of the migration scripts in the build output, read independently of Flyway. */
final class PackagedMigrations {
    private static final String DIRECTORY = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private PackagedMigrations() {
    }

    static List<String> versions() throws IOException, URISyntaxException {
        URI location = PackagedMigrations.class.getClassLoader().getResource(DIRECTORY).toURI();
        if (!"jar".equals(location.getScheme())) {
            return versionsIn(Path.of(location));
        }
        // integration tests run against the packaged jar
        try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
            return versionsIn(jar.getPath(DIRECTORY));
        }
    }

    private static List<String> versionsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(matcher -> matcher.group(1))
                    .sorted(Comparator.comparingInt(Integer::parseInt))
                    .toList();
        }
    }

    static String newest() throws IOException, URISyntaxException {
        return versions().getLast();
    }
}
