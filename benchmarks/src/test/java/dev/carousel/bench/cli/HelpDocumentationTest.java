package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help of every command agrees with the documentation: each {@code docs/<name>.md} it cites exists, each
 * {@code #section} it cites is a heading of that file, and it uses no name the documentation does not define.
 */
class HelpDocumentationTest {
    private static final Pattern DOC = Pattern.compile("docs/([\\w.-]+\\.md)(#[\\w-]+)?");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$", Pattern.MULTILINE);

    /** Every command's usage text, by qualified name. */
    static Map<String, String> usages() {
        Map<String, String> usages = new LinkedHashMap<>();
        collect(CarouselCli.commandLine(), usages);
        return usages;
    }

    private static void collect(CommandLine cl, Map<String, String> usages) {
        usages.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!sub.getCommandName().equals("help")) {
                collect(sub, usages);
            }
        }
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    @Test
    void everyCitedDocumentAndSectionExists() throws IOException {
        Path docs = VerifyCommandTest.golden().getParent().getParent().resolve("docs");
        List<String> problems = new ArrayList<>();
        int citations = 0;
        for (Map.Entry<String, String> u : usages().entrySet()) {
            String text = u.getValue().replaceAll("\\s*\\n\\s*", " ");     // wrapped lines joined
            Matcher m = DOC.matcher(text);
            while (m.find()) {
                citations++;
                Path file = docs.resolve(m.group(1));
                if (!Files.isRegularFile(file)) {
                    problems.add(u.getKey() + ": cites docs/" + m.group(1) + ", which does not exist");
                } else if (m.group(2) != null) {
                    List<String> anchors = new ArrayList<>();
                    Matcher h = HEADING.matcher(Files.readString(file));
                    while (h.find()) {
                        anchors.add(slug(h.group(1)));
                    }
                    if (!anchors.contains(m.group(2).substring(1))) {
                        problems.add(u.getKey() + ": cites " + m.group() + ", no such section; sections: " + anchors);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(citations >= 6, "the help cites the docs: " + citations);
    }

    @Test
    void noStaleNames() {
        for (Map.Entry<String, String> u : usages().entrySet()) {
            for (String stale : List.of("ten-minute", "see Budgets", "docs test-vectors", "results/reproduce",
                    "results/seq2seq", "default results/jmh")) {
                assertFalse(u.getValue().contains(stale), u.getKey() + " help says '" + stale + "':\n" + u.getValue());
            }
        }
    }

    @Test
    void commandDescriptionsMatchTheReadme() throws IOException {
        String readme = Files.readString(VerifyCommandTest.golden().getParent().getParent().resolve("README.md"));
        // the README's list of the command line's commands
        for (String command : List.of("verify", "vectors", "reproduce", "seq2seq", "bench")) {
            assertTrue(readme.contains("`" + command + "`"), "README names " + command);
            assertTrue(usages().containsKey("carousel " + command), command);
        }
    }
}
