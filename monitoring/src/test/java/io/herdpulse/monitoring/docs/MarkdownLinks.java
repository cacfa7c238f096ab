package io.herdpulse.monitoring.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relative links of Markdown files and the anchors their headings make, as GitHub renders them,
 * so a test can tell which links lead nowhere.
 */
final class MarkdownLinks {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private MarkdownLinks() {}

    /** A link that leads nowhere: the file it is in, its target, and why. */
    record Broken(Path file, String target, String reason) {
        @Override
        public String toString() {
            return file.getFileName() + ": (" + target + ") " + reason;
        }
    }

    /** Every relative link of these files whose file or anchor does not exist. */
    static List<Broken> broken(List<Path> files) {
        List<Broken> broken = new ArrayList<>();
        for (Path file : files) {
            for (String target : relativeLinks(read(file))) {
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path linked = path.isEmpty() ? file : file.resolveSibling(path).normalize();
                if (!Files.exists(linked)) {
                    broken.add(new Broken(file, target, "no such file"));
                } else if (hash >= 0
                        && !anchors(read(linked)).contains(target.substring(hash + 1))) {
                    broken.add(
                            new Broken(file, target, "no such heading in " + linked.getFileName()));
                }
            }
        }
        return broken;
    }

    /** The targets of inline links outside code, without web addresses. */
    static List<String> relativeLinks(String markdown) {
        List<String> links = new ArrayList<>();
        for (String line : proseLines(markdown)) {
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
            while (link.find()) {
                if (!SCHEME.matcher(link.group(1)).find()) {
                    links.add(link.group(1));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings; a repeated heading gets -1, -2, … */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : proseLines(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        return anchors;
    }

    /**
     * GitHub's rule: lower case, punctuation dropped (letters, digits, '-' and '_' stay), spaces to
     * '-'.
     */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{Mn} _-]", "")
                .replace(' ', '-');
    }

    /** Lines outside fenced code blocks: a '#' in a shell example is no heading. */
    private static List<String> proseLines(String markdown) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
