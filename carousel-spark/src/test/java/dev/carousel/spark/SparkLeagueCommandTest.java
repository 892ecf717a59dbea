package dev.carousel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carousel.bench.cli.CarouselCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel league --spark local[2]} (the runner found through ServiceLoader) against the thread pool. */
class SparkLeagueCommandTest {

    private static List<JsonNode> trials(Path dir) throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("league.json").toFile());
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode t : json.get("trials")) {
            ((ObjectNode) t).remove("seconds");
            rows.add(t);
        }
        return rows;
    }

    @Test
    @Timeout(60)
    void theSparkRunnerWritesTheSameTrialsAsTheThreadPool(@TempDir Path tmp) throws Exception {
        String[] common = {"league", "--tasks", "4:T=20", "--cells", "rnn,cifg", "--trials", "2", "--budget", "30",
            "--quick"};
        List<String> pool = new ArrayList<>(List.of(common));
        pool.addAll(List.of("--threads", "2", "--out", tmp.resolve("pool").toString()));
        List<String> spark = new ArrayList<>(List.of(common));
        spark.addAll(List.of("--spark", "local[2]", "--out", tmp.resolve("spark").toString()));
        assertEquals(0, CarouselCli.commandLine().execute(pool.toArray(String[]::new)));
        assertEquals(0, CarouselCli.commandLine().execute(spark.toArray(String[]::new)));
        List<JsonNode> a = trials(tmp.resolve("pool"));
        assertEquals(4, a.size());
        assertEquals(a, trials(tmp.resolve("spark")));
        String md = Files.readString(tmp.resolve("spark").resolve("league.md"));
        org.junit.jupiter.api.Assertions.assertTrue(md.contains("runner: spark local[2]"), md);
    }

    @Test
    void theMainAddsTheLeagueCommandAndTheSubmitMaster() {
        assertArrayEquals(new String[] {"league", "--tasks", "4", "--spark", "submit"},
                SparkLeague.leagueArguments(new String[] {"--tasks", "4"}));
        assertArrayEquals(new String[] {"league", "--spark", "local[2]"},
                SparkLeague.leagueArguments(new String[] {"league", "--spark", "local[2]"}));
        assertArrayEquals(new String[] {"league", "--help"}, SparkLeague.leagueArguments(new String[] {"--help"}));
    }
}
