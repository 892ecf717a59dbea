package dev.carousel.bench.league;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Continues a league from the report of an earlier run ({@code carousel league --resume DIR}): the finished trials
 * of {@code DIR/league.json} whose job (task spec, cell, backend, seed) is in the new sweep are taken as they are,
 * and only the other jobs run. A trial's row depends only on its job, so a resumed report equals the report of an
 * uninterrupted run (apart from wall times). The earlier run must have used the same budgets: the same
 * {@code --quick} and {@code --budget}, checked from its recorded command line.
 */
public final class LeagueResume {
    private final Path file;
    private final Map<String, LeagueRow> rows;
    private final boolean quick;
    private final Long budget;

    private LeagueResume(Path file, Map<String, LeagueRow> rows, boolean quick, Long budget) {
        this.file = file;
        this.rows = rows;
        this.quick = quick;
        this.budget = budget;
    }

    /**
     * Reads {@code dir/league.json}.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or not a league report (the message
     *                                  names the file and what is wrong)
     */
    public static LeagueResume read(Path dir) {
        Path file = dir.resolve("league.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no league report " + file + " (expected the --out folder of an "
                    + "earlier carousel league run)");
        }
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage().lines()
                    .findFirst().orElse(""));
        }
        JsonNode command = doc.path("run").path("command");
        JsonNode trials = doc.path("trials");
        if (!command.isTextual() || !trials.isArray()) {
            throw new IllegalArgumentException(file + " is not a league report (expected run.command and a trials "
                    + "array)");
        }
        List<String> words = List.of(command.asText().split(" "));
        int b = words.indexOf("--budget");
        Long budget = b >= 0 && b + 1 < words.size() ? Long.valueOf(words.get(b + 1)) : null;
        Map<String, LeagueRow> rows = new LinkedHashMap<>();
        for (JsonNode t : trials) {
            LeagueRow r = row(file, t);
            if (!r.interrupted()) {
                rows.put(key(r), r);
            }
        }
        return new LeagueResume(file, rows, words.contains("--quick"), budget);
    }

    private static LeagueRow row(Path file, JsonNode t) {
        for (String field : List.of("task", "parameters", "impl", "cell", "seed", "success", "sequences",
                "interrupted", "testSize", "testWrong", "seconds", "curve")) {
            if (t.get(field) == null || t.get(field).isNull()) {
                throw new IllegalArgumentException(file + ": a trial has no '" + field + "': " + t.toString()
                        .substring(0, Math.min(120, t.toString().length())));
            }
        }
        List<double[]> curve = new ArrayList<>();
        for (JsonNode p : t.get("curve")) {
            curve.add(new double[] {p.get(0).asDouble(), p.get(1).isNull() ? Double.NaN : p.get(1).asDouble()});
        }
        JsonNode loss = t.get("testLoss");
        return new LeagueRow(t.get("task").asText(), t.get("parameters").asText(), t.get("impl").asText(),
                t.get("cell").asText(), t.get("seed").asLong(), t.get("success").asBoolean(),
                t.get("sequences").asLong(), t.get("interrupted").asBoolean(), t.get("testSize").asInt(),
                t.get("testWrong").asInt(), loss == null || loss.isNull() ? Double.NaN : loss.asDouble(),
                t.get("seconds").asDouble(), curve.toArray(new double[0][]));
    }

    /** What identifies a job, and the row it produced: backend, cell, task spec, seed. */
    public static String key(LeagueJob job) {
        return key(job.task(), job.cell(), job.impl(), job.seed());
    }

    /** The key of the job that produced {@code row} ({@link #key(LeagueJob)}). */
    public static String key(LeagueRow row) {
        return key(row.task(), row.cell(), row.impl(), row.seed());
    }

    private static String key(String task, String cell, String impl, long seed) {
        return impl + "|" + cell + "|" + task + "|" + seed;
    }

    /**
     * Why the earlier run's trials cannot be reused by a run with these budgets, or null when they can.
     */
    public String incompatibility(boolean quick, Long budget) {
        if (this.quick != quick) {
            return file + " was run " + (this.quick ? "with" : "without") + " --quick; this run is "
                    + (quick ? "with" : "without") + " it (other budgets and stopping windows)";
        }
        if (!java.util.Objects.equals(this.budget, budget)) {
            return file + " was run with " + (this.budget == null ? "the per-task budgets" : "--budget "
                    + this.budget) + "; this run uses " + (budget == null ? "the per-task budgets" : "--budget "
                    + budget);
        }
        return null;
    }

    /** The earlier row of this job, or null when it has to run. */
    public LeagueRow finished(LeagueJob job) {
        return rows.get(key(job));
    }

    /** Finished trials in the earlier report. */
    public int size() {
        return rows.size();
    }

    public Path file() {
        return file;
    }
}
