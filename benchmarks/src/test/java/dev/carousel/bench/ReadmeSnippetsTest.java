package dev.carousel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The README's code compiles and runs as it stands: every {@code ```java} block is a user's file fragment (its
 * {@code import} lines, then statements), compiled as the body of a {@code main} method against the modules' class
 * path and run (each makes its own tiny data); every
 * {@code ```xml} block is well-formed Maven XML whose Carousel, DL4J, ND4J, DJL and PyTorch versions are the ones
 * this build pins.
 */
class ReadmeSnippetsTest {
    private static final Pattern FENCE = Pattern.compile("(?m)^```(\\w+)\\s*$");

    record Snippet(String language, int line, String code) {
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs")))) {
            p = p.getParent();
        }
        assertNotNull(p, "repository root (a folder with mvnw and docs/) above " + Path.of("").toAbsolutePath());
        return p;
    }

    static List<Snippet> snippets(String markdown) {
        List<Snippet> out = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            int start = m.end() + 1;
            int close = markdown.indexOf("\n```", start - 1);
            if (close < 0) {
                break;
            }
            int line = 1 + (int) markdown.substring(0, start).chars().filter(c -> c == '\n').count();
            out.add(new Snippet(m.group(1).toLowerCase(Locale.ROOT), line, markdown.substring(start, close + 1)));
            m.region(Math.min(close + 4, markdown.length()), markdown.length());
        }
        return out;
    }

    /** The compilation unit of a snippet: its imports, then the rest as the body of main. */
    static String unit(Snippet s, String className) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String l : s.code().split("\n", -1)) {
            if (l.startsWith("import ")) {
                imports.append(l).append('\n');
                body.append('\n');
            } else {
                body.append(l).append('\n');
            }
        }
        // keep line numbers: the class header goes on the last import line's successor, the body follows directly
        return imports + "public class " + className + " { public static void main(String[] args) throws Exception {"
                + body + "}}\n";
    }

    @Test
    void everyJavaSnippetCompilesAndRuns(@TempDir Path out) throws IOException {
        String readme = Files.readString(repoRoot().resolve("README.md"));
        List<Snippet> java = snippets(readme).stream().filter(s -> s.language().equals("java")).toList();
        assertTrue(java.size() >= 3, "README has its quick starts as java blocks, found " + java.size());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> failures = new ArrayList<>();
        for (Snippet s : java) {
            String name = "ReadmeSnippetAtLine" + s.line();
            String src = unit(s, name);
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d",
                        out.toString(), "-proc:none", "-Xlint:none");
                boolean ok = javac.getTask(new StringWriter(), fm, diagnostics, options, null, List.of(file)).call();
                if (!ok) {
                    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                        if (d.getKind() == Diagnostic.Kind.ERROR) {
                            // the unit's line k is README line s.line() + k - 1 (imports keep their lines)
                            failures.add("README.md:" + (s.line() + d.getLineNumber() - 1) + ": "
                                    + d.getMessage(Locale.ROOT));
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), failures, "README java snippets that do not compile");
        // and they run: each snippet's main, on the tiny data it makes itself
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {out.toUri().toURL()},
                getClass().getClassLoader())) {
            for (Snippet s : java) {
                String name = "ReadmeSnippetAtLine" + s.line();
                try {
                    loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw new AssertionError("README.md:" + s.line() + ": the snippet throws " + e.getCause(),
                            e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError("README.md:" + s.line() + ": cannot run the snippet: " + e, e);
                }
            }
        }
    }

    @Test
    void everyMavenSnippetIsWellFormedAndPinsThisBuildsVersions() throws Exception {
        Path root = repoRoot();
        String readme = Files.readString(root.resolve("README.md"));
        List<Snippet> xml = snippets(readme).stream().filter(s -> s.language().equals("xml")).toList();
        assertFalse(xml.isEmpty(), "README has Maven snippets");
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root.resolve("pom.xml").toFile());
        String carousel = text(pom.getDocumentElement(), "version");
        String dl4j = property(pom, "dl4j.version");
        String djl = property(pom, "djl.version");
        List<String> failures = new ArrayList<>();
        boolean sawDl4j = false;
        boolean sawDjl = false;
        for (Snippet s : xml) {
            Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                    ("<snippet>" + s.code() + "</snippet>").getBytes(StandardCharsets.UTF_8)));
            NodeList deps = d.getElementsByTagName("dependency");
            for (int k = 0; k < deps.getLength(); k++) {
                Element dep = (Element) deps.item(k);
                String g = text(dep, "groupId");
                String a = text(dep, "artifactId");
                String v = text(dep, "version");
                String expected = switch (g) {
                    case "dev.carousel" -> carousel;
                    case "org.deeplearning4j", "org.nd4j" -> dl4j;
                    case "ai.djl", "ai.djl.pytorch" -> a.equals("pytorch-jni") ? property(pom, "pytorch.jni.version")
                            : a.equals("pytorch-native-cpu") ? property(pom, "pytorch.version") : djl;
                    default -> null;
                };
                sawDl4j |= a.equals("dl4j-layers");
                sawDjl |= a.equals("djl-blocks");
                if (expected != null && !expected.equals(v) && !v.startsWith("${")) {
                    failures.add("README.md:" + s.line() + ": " + g + ":" + a + " version " + v + ", this build pins "
                            + expected);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(sawDl4j && sawDjl, "Maven snippets for both frameworks (dl4j-layers and djl-blocks)");
    }

    private static String property(Document pom, String name) {
        NodeList n = pom.getElementsByTagName(name);
        assertEquals(1, n.getLength(), "pom.xml property " + name);
        return n.item(0).getTextContent().trim();
    }

    /** The text of the first direct child element of that name, or "" when there is none. */
    private static String text(Element parent, String tag) {
        for (org.w3c.dom.Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return "";
    }
}
