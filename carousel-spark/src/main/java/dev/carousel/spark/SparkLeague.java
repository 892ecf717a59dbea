package dev.carousel.spark;

import dev.carousel.bench.cli.CarouselCli;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code carousel league} with the Spark runner on the class path: the entry point of the shaded jar for
 * {@code spark-submit}, and of local runs ({@code java -cp ... dev.carousel.spark.SparkLeague --spark local[4] ...}).
 * The arguments are those of {@code carousel league} (a leading "league" is optional); without {@code --spark} it
 * adds {@code --spark submit}: the master spark-submit was given. See docs/league.md#spark.
 */
public final class SparkLeague {
    private SparkLeague() {
    }

    /** The {@code carousel league} arguments this entry point runs. */
    static String[] leagueArguments(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        if (a.isEmpty() || !a.get(0).equals("league")) {
            a.add(0, "league");
        }
        boolean help = a.contains("--help") || a.contains("-h") || a.contains("--version") || a.contains("-V");
        boolean spark = a.stream().anyMatch(s -> s.equals("--spark") || s.startsWith("--spark="));
        if (!spark && !help) {
            a.add("--spark");
            a.add("submit");
        }
        return a.toArray(String[]::new);
    }

    public static void main(String[] args) {
        System.exit(CarouselCli.commandLine().execute(leagueArguments(args)));
    }
}
