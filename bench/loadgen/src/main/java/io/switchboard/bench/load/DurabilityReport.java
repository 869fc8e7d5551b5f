package io.switchboard.bench.load;

import static io.switchboard.bench.load.Report.d;
import static io.switchboard.bench.load.Report.load;
import static io.switchboard.bench.load.Report.v;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * bench/durability/run's summary: the gateway on its durable embedded PostgreSQL and on one with fsync and
 * synchronous_commit off, each ÷ the bare route of the same round; pipeline drain rates; the open loop; and the
 * wall-clock share of each pipeline stage while the pipeline drained (StageSampler).
 */
final class DurabilityReport {

    static final List<String> GATEWAYS = List.of("durable", "fsync-off");
    /** A smaller backlog drains within the lag probe's resolution (250 ms): no rate can be read from it. */
    private static final int MIN_BACKLOG = 1000;

    private DurabilityReport() {}

    static void print(Path dir) throws IOException {
        StringBuilder out = Report.header(dir, "Durability benchmark");
        closedLoop(dir, out);
        openLoop(dir, out);
        stages(dir, out);
        Report.write(dir, out);
    }

    private static void closedLoop(Path dir, StringBuilder out) throws IOException {
        out.append("### Closed loop: intake and pipeline drain, each ÷ the bare route of the same round\n\n");
        out.append("| conns | round | target | req/s | p50 ms | p99 ms | non-2xx / err / t.o. | ÷ bare | load avg"
                + " | CPU cores: machine, app, broker, PostgreSQL, client | backlog drained | drain records/s | drain ÷ bare req/s"
                + " | end to end records/s | end to end ÷ bare |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var byConn : Report.closedRuns(dir).entrySet()) {
            Map<String, List<Double>> intake = new LinkedHashMap<>();
            Map<String, List<Double>> drain = new LinkedHashMap<>();
            Map<String, List<Double>> drainRate = new LinkedHashMap<>();
            Map<String, List<Double>> endToEnd = new LinkedHashMap<>();
            for (var byRound : byConn.getValue().entrySet()) {
                Properties bare = byRound.getValue().get("bare");
                for (String target : List.of("durable", "fsync-off", "bare")) {
                    Properties r = byRound.getValue().get(target);
                    if (r == null) {
                        continue;
                    }
                    String ratio = "";
                    String drained = "";
                    String rate = "";
                    String drainRatio = "";
                    String e2e = "";
                    String e2eRatio = "";
                    if (!target.equals("bare")) {
                        double x = d(r, "rps") / d(bare, "rps");
                        intake.computeIfAbsent(target, k -> new ArrayList<>()).add(x);
                        ratio = String.format("%.2f", x);
                        Properties dr = load(dir.resolve("drain-" + target + "-c" + byConn.getKey() + "-r" + byRound.getKey()
                                + ".properties"));
                        if (!dr.isEmpty() && d(dr, "seconds") >= 0) {
                            double all = d(r, "total_2xx") / (d(r, "span_s") + d(dr, "seconds"));
                            endToEnd.computeIfAbsent(target, k -> new ArrayList<>()).add(all / d(bare, "rps"));
                            e2e = String.format("%.0f", all);
                            e2eRatio = String.format("%.2f", all / d(bare, "rps"));
                        }
                        if (!dr.isEmpty() && d(dr, "backlog") < MIN_BACKLOG && d(dr, "seconds") >= 0) {
                            drained = dr.getProperty("backlog") + " in " + dr.getProperty("seconds") + " s (kept up)";
                        } else if (!dr.isEmpty() && d(dr, "seconds") > 0) {
                            double perSecond = d(dr, "backlog") / d(dr, "seconds");
                            drainRate.computeIfAbsent(target, k -> new ArrayList<>()).add(perSecond);
                            drain.computeIfAbsent(target, k -> new ArrayList<>()).add(perSecond / d(bare, "rps"));
                            drained = dr.getProperty("backlog") + " in " + dr.getProperty("seconds") + " s";
                            rate = String.format("%.0f", perSecond);
                            drainRatio = String.format("%.2f", perSecond / d(bare, "rps"));
                        } else if (!dr.isEmpty()) {
                            drained = dr.getProperty("backlog") + ", not drained in time";
                        }
                    }
                    out.append(String.format("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                            byConn.getKey(), byRound.getKey(), target, v(r, "rps"), v(r, "p50_ms"), v(r, "p99_ms"),
                            Report.errs(r), ratio, v(r, "loadavg_at_start"), Report.cores(r), drained, rate, drainRatio,
                            e2e, e2eRatio));
                }
            }
            for (String target : GATEWAYS) {
                if (intake.containsKey(target)) {
                    out.append(String.format("| %d | all | %s | | | | | %s | | | | %s | %s | | %s |%n", byConn.getKey(), target,
                            Report.meanRange(intake.get(target)),
                            drainRate.containsKey(target) ? String.format("%.0f", drainRate.get(target).stream()
                                    .mapToDouble(Double::doubleValue).average().orElse(Double.NaN)) : "",
                            drain.containsKey(target) ? Report.meanRange(drain.get(target)) : "",
                            endToEnd.containsKey(target) ? Report.meanRange(endToEnd.get(target)) : ""));
                }
            }
        }
        out.append(String.format("%nDrain records/s = the backlog on inbound.raw when the run ended ÷ the seconds until the"
                + " pipeline had committed it (nothing else ran meanwhile), given when the backlog was at least %d records;"
                + " end to end = every request the run accepted (warm-up included) ÷ (warm-up + window + drain seconds)."
                + " ÷ bare puts both against the bare route's intake of the same round, the machine's speed at that"
                + " moment.%n%n", MIN_BACKLOG));
    }

    private static void openLoop(Path dir, StringBuilder out) throws IOException {
        Properties bare = load(dir.resolve("open-bare.properties"));
        if (bare.isEmpty()) {
            return;
        }
        out.append(String.format("### Open loop: %s req/s for %s s (%s connections), webhook → record readable%n%n",
                bare.getProperty("target_rate"), bare.getProperty("duration_s"), bare.getProperty("connections")));
        out.append("| target | answered req/s (non-2xx / err / t.o.) | HTTP p50 / p99 ms | webhook → record consumed p50 / p99 / max ms"
                + " | p50 ÷ bare | p99 ÷ bare | 2xx without a record | load avg |\n|---|---|---|---|---|---|---|---|\n");
        for (String target : List.of("bare", "durable", "fsync-off")) {
            Properties o = load(dir.resolve("open-" + target + ".properties"));
            if (o.isEmpty()) {
                continue;
            }
            boolean isBare = target.equals("bare");
            out.append(String.format("| %s | %s (%s) | %s / %s | %s / %s / %s | %s | %s | %s | %s |%n", target, v(o, "rps"),
                    Report.errs(o), v(o, "p50_ms"), v(o, "p99_ms"), v(o, "e2e_p50_ms"), v(o, "e2e_p99_ms"), v(o, "e2e_max_ms"),
                    isBare ? "" : String.format("%.1f", d(o, "e2e_p50_ms") / d(bare, "e2e_p50_ms")),
                    isBare ? "" : String.format("%.1f", d(o, "e2e_p99_ms") / d(bare, "e2e_p99_ms")),
                    v(o, "twoxx_without_queue_record"), v(o, "loadavg_at_start")));
        }
        out.append("\nbare: the record on bench.bare (the raw body, found by messageId); gateways: the ContactRecord on"
                + " switchboard.queue.general.medium. Both read by the load client's consumer, latency from the request's due"
                + " time (no coordinated omission).\n\n");
    }

    private static void stages(Path dir, StringBuilder out) throws IOException {
        Map<String, Properties> sampled = new LinkedHashMap<>();
        for (String target : GATEWAYS) {
            Properties p = load(dir.resolve("stages-" + target + ".properties"));
            if (!p.isEmpty()) {
                sampled.put(target, p);
            }
        }
        if (sampled.isEmpty()) {
            return;
        }
        out.append("### Where the pipeline threads' time goes during the open loop (wall-clock stack samples)\n\n");
        out.append("| stage (routes/contact-pipeline.camel.yaml order) |");
        sampled.keySet().forEach(t -> out.append(' ').append(t).append(": share of busy | ").append(t)
                .append(": thread-ms per 1,000 records |"));
        out.append("\n|---|").append("---|---|".repeat(sampled.size())).append('\n');
        List<String> keys = sampled.values().stream().flatMap(p -> p.stringPropertyNames().stream())
                .filter(k -> k.startsWith("stage.")).distinct().sorted().toList();
        for (String key : keys) {
            out.append("| ").append(key.substring("stage.NN.".length())).append(" |");
            for (var e : sampled.entrySet()) {
                Properties p = e.getValue();
                long all = keys.stream().mapToLong(k -> Long.parseLong(p.getProperty(k, "0"))).sum();
                long idle = Long.parseLong(p.getProperty("stage." + idleKey(p), "0"));
                long n = Long.parseLong(p.getProperty(key, "0"));
                Properties open = load(dir.resolve("open-" + e.getKey() + ".properties"));
                double records = d(open, "rps") * d(p, "seconds");
                double threadMs = all == 0 ? Double.NaN : n / (double) all * d(p, "threads") * d(p, "seconds") * 1000;
                boolean isIdle = key.equals("stage." + idleKey(p));
                out.append(isIdle ? " (idle) |" : String.format(" %.1f %% |", 100.0 * n / Math.max(1, all - idle)));
                out.append(String.format(" %.0f |", threadMs / records * 1000));
            }
            out.append('\n');
        }
        out.append(String.format("%nSamples (both pipeline threads, every %s ms plus the time a sample takes): %s. Busy = not"
                + " waiting in Kafka poll for records. Thread-ms per 1,000 records = the stage's share of all samples ×"
                + " threads × seconds ÷ records answered in the window × 1,000: time a pipeline thread spent there, waiting"
                + " for PostgreSQL or the broker included.%n%n", sampled.values().iterator().next().getProperty("interval_ms"),
                String.join(", ", sampled.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().getProperty("samples"))
                        .toList())));
    }

    /** The key suffix (NN.label) of the Kafka poll bucket: a pipeline thread waiting for records. */
    private static String idleKey(Properties p) {
        return p.stringPropertyNames().stream().filter(k -> k.endsWith("." + StageSampler.POLL)).findFirst()
                .map(k -> k.substring("stage.".length())).orElse("");
    }
}
