package dev.carousel.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative reference in the documentation resolves.
 *
 * <ul>
 *   <li>README.md and every {@code docs/**.md}: Markdown links {@code [text](target)}, images and reference
 *       definitions {@code [id]: target} must name an existing file or folder (relative to the Markdown file);
 *       a {@code #fragment} must match a heading of the target (GitHub's slug rule) or an explicit
 *       {@code <a name|id="...">}. http(s) and mailto links are not checked. Outside links, every mention of a
 *       {@code *.md} file name (inline code or plain text) must resolve too: relative to the Markdown file, to the
 *       repository root or to {@code docs/}, or, for a bare file name, to a file of that name anywhere in the
 *       repository (generated files such as {@code summary.md} are named that way). Fenced code blocks are
 *       skipped.</li>
 *   <li>Every {@code *.java} under a {@code src/main/java} folder: each mention of {@code equations.md},
 *       {@code test-vectors.md} or {@code docs/<name>.md} (Javadoc, CLI help) must name a file in {@code docs/}.</li>
 * </ul>
 *
 * The failure message lists every offender as {@code file:line: problem}.
 */
class DocumentationLinksTest {
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*(<[^>]*>|[^()\\s]+(?:\\([^()\\s]*\\)[^()\\s]*)*)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*(<[^>]*>|\\S+)");
    private static final Pattern MD_MENTION = Pattern.compile("(?<![\\w/.~-])((?:[\\w.~-]+/)*[\\w.-]*\\w\\.md)(?![\\w/-])");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```+|~~~+)");
    private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp|file)://\\S+|\\bmailto:\\S+|\\bwww\\.\\S+");
    /** The Markdown files the code writes into its output folders (not documentation). */
    private static final java.util.Set<String> GENERATED = java.util.Set.of("summary.md");
    private static final Pattern JAVA_MD_MENTION = Pattern.compile("(?<![\\w.-])((?:[\\w.-]+/)*[\\w.-]*\\w\\.md)(?![\\w-])");
    private static final Set<String> SPEC_DOCS = Set.of("equations.md", "test-vectors.md");
    /**
     * The reports {@code scripts/gpu-check.sh} writes, which the documentation names before any run made them
     * (GpuCheckScriptTest checks that the script's plans name these paths).
     */
    private static final Set<String> SCRIPT_OUTPUTS = Set.of("results/gpu/report.md",
            "runs/gpu-check-dry-run/report.md");

    private final Path root = repositoryRoot();
    private final Map<Path, Set<String>> anchorCache = new HashMap<>();
    private Set<String> fileNamesInRepo;

    @Test
    void markdownLinksAndMentionsResolve() throws IOException {
        List<Path> files = markdownFiles();
        assertTrue(files.size() > 1, "expected README.md and docs/*.md under " + root + ", found " + files);
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            problems.addAll(checkMarkdown(file));
        }
        report("broken relative references in the documentation", problems);
    }

    @Test
    void javaSourcesNameExistingDocs() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(root)) {
            sources = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !isIgnored(p))
                    .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("src/main/java/"))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(!sources.isEmpty(), "no src/main/java sources found under " + root);
        Path docs = root.resolve("docs");
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = JAVA_MD_MENTION.matcher(lines.get(i));
                while (m.find()) {
                    String name = m.group(1);
                    String docName;
                    if (SPEC_DOCS.contains(name)) {
                        docName = name;
                    } else if (name.startsWith("docs/")) {
                        docName = name.substring("docs/".length());
                    } else if (GENERATED.contains(name) || Files.isRegularFile(root.resolve(name))) {
                        continue;   // a report the code writes (summary.md), or a file at the root (README.md)
                    } else {
                        docName = name;   // any other .md a source names must be one of docs/
                    }
                    if (!Files.isRegularFile(docs.resolve(docName))) {
                        problems.add(location(source, i) + ": '" + name + "' names docs/" + docName
                                + ", which does not exist");
                    }
                }
            }
        }
        report("Java sources (Javadoc, CLI help) name documentation files that do not exist", problems);
    }

    // ---------------------------------------------------------------------------------------------------------

    private List<String> checkMarkdown(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean inFence = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher f = FENCE.matcher(line);
            if (f.find()) {
                String marker = f.group(1);
                if (!inFence) {
                    inFence = true;
                    fence = marker.substring(0, 3);
                    continue;
                }
                if (marker.startsWith(fence)) {
                    inFence = false;
                    continue;
                }
            }
            if (inFence) {
                continue;
            }
            StringBuilder rest = new StringBuilder();
            Matcher link = INLINE_LINK.matcher(line);
            int last = 0;
            while (link.find()) {
                checkLinkTarget(file, i, link.group(2), problems);
                rest.append(line, last, link.start()).append(' ').append(link.group(1)).append(' ');
                last = link.end();
            }
            rest.append(line.substring(last));
            Matcher def = REFERENCE_DEFINITION.matcher(line);
            if (def.find()) {
                checkLinkTarget(file, i, def.group(1), problems);
                rest.setLength(0);
            }
            String text = URL.matcher(rest).replaceAll(" ");
            Matcher mention = MD_MENTION.matcher(text);
            while (mention.find()) {
                String name = mention.group(1);
                if (!mentionResolves(file, name)) {
                    problems.add(location(file, i) + ": mentions '" + name + "', which is not a file of the "
                            + "repository (relative to " + root.relativize(file.getParent().toAbsolutePath())
                            .toString().replace('\\', '/') + "/, the root or docs/)");
                }
            }
        }
        return problems;
    }

    private void checkLinkTarget(Path file, int line, String rawTarget, List<String> problems) {
        String target = rawTarget.trim();
        if (target.startsWith("<") && target.endsWith(">")) {
            target = target.substring(1, target.length() - 1).trim();
        }
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")
                || lower.startsWith("ftp://")) {
            return;
        }
        if (target.isEmpty()) {
            problems.add(location(file, line) + ": empty link target");
            return;
        }
        String pathPart = target;
        String fragment = null;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            pathPart = target.substring(0, hash);
            fragment = target.substring(hash + 1);
        }
        int query = pathPart.indexOf('?');
        if (query >= 0) {
            pathPart = pathPart.substring(0, query);
        }
        Path resolved;
        if (pathPart.isEmpty()) {
            resolved = file;
        } else {
            String decoded = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.startsWith("/")) {
                problems.add(location(file, line) + ": link '" + target + "' is absolute; use a path relative to "
                        + "the Markdown file");
                return;
            }
            resolved = file.getParent().resolve(decoded).normalize();
            if (!resolved.startsWith(root)) {
                problems.add(location(file, line) + ": link '" + target + "' leaves the repository");
                return;
            }
            if (!Files.exists(resolved)) {
                problems.add(location(file, line) + ": link '" + target + "': "
                        + root.relativize(resolved).toString().replace('\\', '/') + " does not exist");
                return;
            }
        }
        if (fragment != null && !fragment.isEmpty()) {
            if (!resolved.toString().endsWith(".md") || !Files.isRegularFile(resolved)) {
                return;   // anchors into source files (#L10) or folders are not checked
            }
            String wanted = URLDecoder.decode(fragment.replace("+", "%2B"), StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            Set<String> anchors = anchors(resolved);
            if (!anchors.contains(wanted)) {
                problems.add(location(file, line) + ": link '" + target + "': no heading with anchor #" + wanted
                        + " in " + root.relativize(resolved).toString().replace('\\', '/') + " (anchors: "
                        + anchors + ")");
            }
        }
    }

    private boolean mentionResolves(Path file, String name) throws IOException {
        if (SCRIPT_OUTPUTS.contains(name)) {
            return true;
        }
        List<Path> candidates = List.of(file.getParent().resolve(name), root.resolve(name),
                root.resolve("docs").resolve(name));
        for (Path c : candidates) {
            Path n = c.normalize();
            if (n.startsWith(root) && Files.exists(n)) {
                return true;
            }
        }
        if (!name.contains("/")) {
            return fileNamesInRepo().contains(name);
        }
        return false;
    }

    private Set<String> fileNamesInRepo() throws IOException {
        if (fileNamesInRepo == null) {
            try (Stream<Path> s = Files.walk(root)) {
                fileNamesInRepo = s.filter(Files::isRegularFile).filter(p -> !isIgnored(p))
                        .map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            }
        }
        return fileNamesInRepo;
    }

    /** The anchors GitHub generates for the headings of a Markdown file, plus explicit HTML anchors. */
    private Set<String> anchors(Path md) {
        return anchorCache.computeIfAbsent(md, p -> {
            Set<String> result = new LinkedHashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            List<String> lines;
            try {
                lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            boolean inFence = false;
            String fence = null;
            for (String line : lines) {
                Matcher f = FENCE.matcher(line);
                if (f.find()) {
                    String marker = f.group(1);
                    if (!inFence) {
                        inFence = true;
                        fence = marker.substring(0, 3);
                        continue;
                    }
                    if (marker.startsWith(fence)) {
                        inFence = false;
                        continue;
                    }
                }
                if (inFence) {
                    continue;
                }
                Matcher a = HTML_ANCHOR.matcher(line);
                while (a.find()) {
                    result.add(a.group(1).toLowerCase(Locale.ROOT));
                }
                Matcher h = HEADING.matcher(line);
                if (h.matches()) {
                    String slug = slug(h.group(2));
                    int n = seen.merge(slug, 1, Integer::sum) - 1;
                    result.add(n == 0 ? slug : slug + "-" + n);
                }
            }
            return result;
        });
    }

    /**
     * GitHub's heading anchor: the heading's text (links reduced to their text, no code or emphasis markers, no
     * HTML tags), lower case, every character that is not a letter, digit, space, hyphen or underscore removed, and
     * each space replaced by a hyphen.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replaceAll("<[^>]+>", "")
                .replace("`", "")
                .replace("*", "");
        text = text.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
                sb.appendCodePoint(cp);
            } else if (cp == ' ') {
                sb.append('-');
            }
        });
        return sb.toString();
    }

    private List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        Path readme = root.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            files.add(readme);
        }
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    private boolean isIgnored(Path p) {
        Path rel = root.relativize(p);
        for (Path part : rel) {
            String n = part.toString();
            if (n.equals("target") || n.equals(".git") || n.equals("node_modules") || (n.startsWith(".")
                    && !n.equals(".mvn") && !n.equals(".ci"))) {
                return true;
            }
        }
        return false;
    }

    private String location(Path file, int zeroBasedLine) {
        return root.relativize(file).toString().replace('\\', '/') + ":" + (zeroBasedLine + 1);
    }

    private static void report(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + " (" + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
    }

    /** Walks up from the working directory to the folder holding {@code mvnw} and {@code docs/}. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath().normalize();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("no folder with mvnw and docs/ above " + dir);
    }
}
