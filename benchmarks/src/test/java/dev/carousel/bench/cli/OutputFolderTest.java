package dev.carousel.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carousel.tasks.DelayTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Default output folders are outside the committed results/ and git-ignored; task labels are deterministic. */
class OutputFolderTest {
    @Test
    void defaultsAreUnderTheIgnoredRunsFolder() throws IOException {
        String before = System.getProperty(Cli.RUNS_PROPERTY);
        try {
            System.clearProperty(Cli.RUNS_PROPERTY);
            assertEquals(Path.of("runs", "reproduce", "reference-lstm1997-quick"),
                    Cli.defaultOut("reproduce", "reference-lstm1997-quick"));
            System.setProperty(Cli.RUNS_PROPERTY, "/repo/runs");
            assertEquals(Path.of("/repo/runs/seq2seq/reference"), Cli.defaultOut("seq2seq", "reference"));
        } finally {
            if (before == null) {
                System.clearProperty(Cli.RUNS_PROPERTY);
            } else {
                System.setProperty(Cli.RUNS_PROPERTY, before);
            }
        }
        Path root = VerifyCommandTest.golden().getParent().getParent();
        assertTrue(Files.readAllLines(root.resolve(".gitignore")).contains("/runs/"), ".gitignore has /runs/");
        assertTrue(Files.readString(root.resolve("carousel")).contains("-Dcarousel.runs=\"$root/runs\""),
                "the launcher points the default at <repo>/runs");
    }

    @Test
    void taskLabelsKeepTheDeclaredParameterOrder() {
        for (int k = 0; k < 20; k++) {
            assertEquals("q=1000,p=50", dev.carousel.bench.harness.Trial.parameterText(DelayTasks.parse("2c:p=50,q=1000")));
            assertEquals("q=1000,p=50", dev.carousel.bench.harness.Trial.parameterText(DelayTasks.parse("2c:q=1000,p=50")));
            assertEquals("T=50,N=2", dev.carousel.bench.harness.Trial.parameterText(DelayTasks.parse("3a:N=2,T=50")));
            assertEquals("T=100,N=3", dev.carousel.bench.harness.Trial.parameterText(DelayTasks.create("3c")));
        }
        assertEquals(List.of("q", "p"), List.copyOf(DelayTasks.parse("2c:p=1,q=2").parameters().keySet()));
    }
}
