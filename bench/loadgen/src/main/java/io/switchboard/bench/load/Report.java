package io.switchboard.bench.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Turns the .properties files of one run directory into the summary tables (Markdown). */
final class Report {

    private Report() {}

    static void print(Path dir) throws IOException {
        StringBuilder out = header(dir, "Switchboard benchmark");
        throughput(dir, out);
        openLoop(dir, out);
        startAndMemory(dir, out);
        write(dir, out);
    }

    /** The title and the machine line every summary starts with. */
    static StringBuilder header(Path dir, String title) throws IOException {
        Properties machine = load(dir.resolve("machine.properties"));
        StringBuilder out = new StringBuilder();
        out.append("\n## ").append(title).append(' ').append(dir.getFileName()).append("\n\n");
        out.append(String.format("Machine: %s cores, %s RAM, %s; load average before %s, after %s; gateway commit %s%n%n",
                machine.getProperty("nproc"), machine.getProperty("memory"), machine.getProperty("jdk"),
                machine.getProperty("loadavg_before"), machine.getProperty("loadavg_after", "?"),
                machine.getProperty("commit")));
        return out;
    }

    /** Prints the summary and keeps it as summary.md. */
    static void write(Path dir, StringBuilder out) throws IOException {
        String text = out.toString();
        System.out.print(text);
        Files.writeString(dir.resolve("summary.md"), text);
    }

    /** The closed-loop result files of a run: connections → round → target → result. */
    static Map<Integer, Map<Integer, Map<String, Properties>>> closedRuns(Path dir) throws IOException {
        Map<Integer, Map<Integer, Map<String, Properties>>> runs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("closed-")).toList()) {
                Properties p = load(f);
                runs.computeIfAbsent(Integer.parseInt(p.getProperty("connections")), k -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(p.getProperty("round")), k -> new TreeMap<>())
                        .put(p.getProperty("target"), p);
            }
        }
        return runs;
    }

    /** "machine, app, broker, PostgreSQL, client" CPU cores of a closed-loop result. */
    static String cores(Properties r) {
        return String.join(", ", v(r, "cores_machine"), v(r, "cores_app"), v(r, "cores_broker"), v(r, "cores_postgres"),
                v(r, "cores_client"));
    }

    /** "mean (min–max)" of ratios. */
    static String meanRange(List<Double> values) {
        return String.format("**%.2f** (%.2f–%.2f)", values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    private static void throughput(Path dir, StringBuilder out) throws IOException {
        Map<Integer, Map<Integer, Map<String, Properties>>> runs = closedRuns(dir);
        if (runs.isEmpty()) {
            return;
        }
        Properties drains = load(dir.resolve("drain.properties"));
        out.append("### Closed loop: signed chat webhooks; gateway, gateway with its pipeline off, bare Camel route (same broker)\n\n");
        out.append("| conns | round | target | req/s | p50 ms | p99 ms | non-2xx / err / t.o. | ÷ bare | load avg"
                + " | CPU cores: machine, app, broker, gw's PostgreSQL, client | pipeline backlog after run |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var byConn : runs.entrySet()) {
            Map<String, List<Double>> ratios = new TreeMap<>();
            for (var byRound : byConn.getValue().entrySet()) {
                Properties bare = byRound.getValue().get("bare");
                for (String target : List.of("gateway", "intake-only", "bare")) {
                    Properties r = byRound.getValue().get(target);
                    if (r == null) {
                        continue;
                    }
                    double ratio = bare != null ? d(r, "rps") / d(bare, "rps") : Double.NaN;
                    if (!target.equals("bare")) {
                        ratios.computeIfAbsent(target, k -> new ArrayList<>()).add(ratio);
                    }
                    String drain = target.equals("gateway")
                            ? drains.getProperty("c" + byConn.getKey() + "-r" + byRound.getKey(), "") : "";
                    out.append(String.format("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            byConn.getKey(), byRound.getKey(), target, v(r, "rps"), v(r, "p50_ms"), v(r, "p99_ms"),
                            errs(r), target.equals("bare") ? "" : String.format("%.2f", ratio),
                            v(r, "loadavg_at_start"), cores(r), drain));
                }
            }
            ratios.forEach((target, list) -> {
                if (list.size() > 1) {
                    out.append(String.format("| %d | all | %s | | | | | %s | | | |%n", byConn.getKey(), target,
                            meanRange(list)));
                }
            });
        }
        out.append("\nintake-only = the same gateway jar with switchboard.pipeline.threads=0 and its own topics: HTTP,"
                + " signature, parsing and the durable raw write, without the pipeline's work competing for the CPU.\n"
                + "Pipeline backlog = uncommitted records on inbound.raw right after the gateway run, and how long the"
                + " pipeline took to catch up before the next run started.\n\n");
    }

    private static void openLoop(Path dir, StringBuilder out) throws IOException {
        Properties o = load(dir.resolve("open.properties"));
        if (o.isEmpty()) {
            return;
        }
        Properties h = load(dir.resolve("open-histogram.properties"));
        out.append(String.format("### Open loop: %s req/s for %s s against the gateway (%s connections)%n%n",
                o.getProperty("target_rate"), o.getProperty("duration_s"), o.getProperty("connections")));
        out.append("| measure | value |\n|---|---|\n");
        row(out, "answered req/s (2xx / non-2xx / errors / timeouts)", String.format("%s (%s / %s / %s / %s)",
                o.getProperty("rps"), o.getProperty("total_2xx"), o.getProperty("non2xx"), o.getProperty("errors"),
                o.getProperty("timeouts")));
        row(out, "HTTP latency from scheduled send p50 / p99 / max ms", o.getProperty("p50_ms") + " / "
                + o.getProperty("p99_ms") + " / " + o.getProperty("max_ms"));
        row(out, "HTTP latency from actual send p50 / p99 / max ms", o.getProperty("from_send_p50_ms") + " / "
                + o.getProperty("from_send_p99_ms") + " / " + o.getProperty("from_send_max_ms"));
        row(out, "max requests waiting for a free connection", o.getProperty("max_backlog"));
        row(out, "per-second max latency from scheduled send, ms (timeline)", o.getProperty("timeline_max_ms"));
        row(out, "switchboard_ingress_to_queue_seconds p50 / p99 ms (bucket ≤) [n]", String.format("%s / %s (≤ %s) [%s]",
                h.getProperty("p50_ms"), h.getProperty("p99_ms"), h.getProperty("p99_bucket_le_ms"), h.getProperty("count")));
        row(out, "client end-to-end webhook → queue record consumed p50 / p99 / max ms", o.getProperty("e2e_p50_ms")
                + " / " + o.getProperty("e2e_p99_ms") + " / " + o.getProperty("e2e_max_ms"));
        row(out, "2xx answers / their records on the queue topic / 2xx without a record",
                o.getProperty("total_2xx") + " / " + o.getProperty("queue_records_matched") + " / "
                        + o.getProperty("twoxx_without_queue_record"));
        row(out, "queue records without a 2xx / duplicates", o.getProperty("queue_records_without_2xx") + " / "
                + o.getProperty("queue_duplicates"));
        row(out, "lag of switchboard-pipeline on inbound.raw during the run (every 5 s)", o.getProperty("raw_lag_samples"));
        row(out, "lag after the run", o.getProperty("raw_lag_after_drain"));
        out.append('\n');
    }

    private static void startAndMemory(Path dir, StringBuilder out) throws IOException {
        Properties m = load(dir.resolve("start-memory.properties"));
        if (m.isEmpty()) {
            return;
        }
        out.append("### Integrity, memory and start (targets: ready ≤ 5 s, RSS ≤ 400 MB)\n\n| measure | value |\n|---|---|\n");
        for (String key : new TreeMap<>(m).keySet().stream().map(Object::toString).toList()) {
            row(out, key.substring(2).replace('_', ' '), m.getProperty(key));
        }
        out.append('\n');
    }

    static void row(StringBuilder out, String name, String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    static String errs(Properties p) {
        return p == null ? "" : p.getProperty("non2xx") + " / " + p.getProperty("errors") + " / " + p.getProperty("timeouts");
    }

    static String v(Properties p, String key) {
        return p == null ? "" : p.getProperty(key, "");
    }

    static double d(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key));
    }

    static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
        }
        return p;
    }
}
