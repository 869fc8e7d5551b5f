package io.switchboard.bench.load;

import static io.switchboard.bench.load.Report.d;
import static io.switchboard.bench.load.Report.load;
import static io.switchboard.bench.load.Report.v;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * bench/outbound/run's summary: the dispatcher's reply rate to the chat stand-in, POST → sent latency at a fixed
 * reply rate while inbound webhooks flow, and inbound intake with and without replies, ÷ the bare route.
 */
final class OutboundReport {

    private OutboundReport() {}

    static void print(Path dir) throws IOException {
        StringBuilder out = Report.header(dir, "Outbound benchmark");
        double bare = meanBareRps(dir);
        capacity(dir, out, bare);
        withInbound(dir, out);
        intake(dir, out);
        Report.write(dir, out);
    }

    private static double meanBareRps(Path dir) throws IOException {
        return Report.closedRuns(dir).values().stream().flatMap(byRound -> byRound.values().stream())
                .map(targets -> targets.get("bare")).filter(p -> p != null).mapToDouble(p -> d(p, "rps")).average()
                .orElse(Double.NaN);
    }

    private static void capacity(Path dir, StringBuilder out, double bare) throws IOException {
        out.append("### Dispatcher: a burst of replies to the chat stand-in (it answers 200 at once)\n\n");
        out.append("| dispatcher settings; how the replies came | sent / accepted (non-2xx) | POST p50 / p99 ms | arrived at stand-in (resends)"
                + " | dispatch replies/s | ÷ bare req/s | `sent` statuses/s | POST → arrival p50 / p99 ms"
                + " | POST → `sent` p50 / p99 ms | failed / pending at end | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String name : List.of("kafka-defaults", "http-defaults", "kafka-tuned", "http-tuned")) {
            Properties r = load(dir.resolve("capacity-" + name + ".properties"));
            if (r.isEmpty()) {
                continue;
            }
            out.append(String.format("| %s | %s / %s (%s) | %s / %s | %s (%s) | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s |%n",
                    v(r, "settings"), v(r, "total_sent"), v(r, "total_2xx"), v(r, "non2xx"), v(r, "post_p50_ms"),
                    v(r, "post_p99_ms"), v(r, "arrived"), v(r, "resends"), v(r, "dispatch_rate"),
                    v(r, "dispatch_rate").isEmpty() ? "" : String.format("%.3f", d(r, "dispatch_rate") / bare),
                    v(r, "sent_status_rate"), v(r, "to_standin_p50_ms"), v(r, "to_standin_p99_ms"), v(r, "to_sent_p50_ms"),
                    v(r, "to_sent_p99_ms"), v(r, "failed_statuses"), v(r, "pending_at_end"), v(r, "loadavg_at_start")));
        }
        out.append(String.format("%nDispatch replies/s = replies that reached the stand-in ÷ first to last arrival; ÷ bare"
                + " against the bare route's mean closed-loop req/s of this run (%.0f). POST → arrival and POST → `sent`"
                + " (the status record on switchboard.outbound.status, read by the load client) count from each POST's"
                + " due time, or from when a command was handed to the producer; commands have no POST latency.%n%n", bare));
    }

    private static void withInbound(Path dir, StringBuilder out) throws IOException {
        Properties alone = load(dir.resolve("open-inbound-alone.properties"));
        Properties with = load(dir.resolve("open-inbound-with-replies.properties"));
        Properties replies = load(dir.resolve("replies-with-inbound.properties"));
        if (alone.isEmpty() || with.isEmpty() || replies.isEmpty()) {
            return;
        }
        out.append(String.format("### %s replies/s while inbound runs at %s req/s (open loop, %s s, tuned dispatcher)%n%n",
                replies.getProperty("target_rate"), with.getProperty("target_rate"), with.getProperty("duration_s")));
        out.append("| inbound | answered req/s (non-2xx / err / t.o.) | HTTP p50 / p99 ms | webhook → queue record p50 / p99 ms"
                + " | 2xx without a record | load avg |\n|---|---|---|---|---|---|\n");
        for (var e : Map.of("alone", alone, "with replies", with).entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            Properties o = e.getValue();
            out.append(String.format("| %s | %s (%s) | %s / %s | %s / %s | %s | %s |%n", e.getKey(), v(o, "rps"), Report.errs(o),
                    v(o, "p50_ms"), v(o, "p99_ms"), v(o, "e2e_p50_ms"), v(o, "e2e_p99_ms"),
                    v(o, "twoxx_without_queue_record"), v(o, "loadavg_at_start")));
        }
        out.append("\n| replies | value |\n|---|---|\n");
        Report.row(out, "POSTed / accepted (non-2xx / err / t.o.)", v(replies, "total_sent") + " / " + v(replies, "total_2xx")
                + " (" + Report.errs(replies) + ")");
        Report.row(out, "POST answered p50 / p99 ms", v(replies, "post_p50_ms") + " / " + v(replies, "post_p99_ms"));
        Report.row(out, "arrived at the stand-in (resends) / dispatch replies/s", v(replies, "arrived") + " ("
                + v(replies, "resends") + ") / " + v(replies, "dispatch_rate"));
        Report.row(out, "POST → arrival at the stand-in p50 / p99 / max ms", v(replies, "to_standin_p50_ms") + " / "
                + v(replies, "to_standin_p99_ms") + " / " + v(replies, "to_standin_max_ms"));
        Report.row(out, "**POST → `sent` on switchboard.outbound.status p50 / p99 / max ms**", v(replies, "to_sent_p50_ms")
                + " / " + v(replies, "to_sent_p99_ms") + " / " + v(replies, "to_sent_max_ms"));
        Report.row(out, "`sent` statuses / failed / pending at end", v(replies, "sent_statuses") + " / "
                + v(replies, "failed_statuses") + " / " + v(replies, "pending_at_end"));
        out.append('\n');
    }

    private static void intake(Path dir, StringBuilder out) throws IOException {
        var runs = Report.closedRuns(dir);
        if (runs.isEmpty()) {
            return;
        }
        out.append("### Inbound intake (closed loop) with and without replies flowing, ÷ the bare route of the same round\n\n");
        out.append("| conns | round | target | req/s | p50 ms | p99 ms | non-2xx / err / t.o. | ÷ bare | with ÷ without replies"
                + " | load avg | CPU cores: machine, app, broker, PostgreSQL, client | replies meanwhile: accepted, dispatch/s,"
                + " POST → `sent` p50 / p99 ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (var byConn : runs.entrySet()) {
            List<Double> kept = new ArrayList<>();
            for (var byRound : byConn.getValue().entrySet()) {
                Properties bare = byRound.getValue().get("bare");
                Properties alone = byRound.getValue().get("gateway");
                for (String target : List.of("gateway", "gateway-with-replies", "bare")) {
                    Properties r = byRound.getValue().get(target);
                    if (r == null) {
                        continue;
                    }
                    String keptRatio = "";
                    String replies = "";
                    if (target.equals("gateway-with-replies") && alone != null) {
                        double x = d(r, "rps") / d(alone, "rps");
                        kept.add(x);
                        keptRatio = String.format("%.2f", x);
                        Properties rp = load(dir.resolve("replies-closed-c" + byConn.getKey() + "-r" + byRound.getKey()
                                + ".properties"));
                        replies = v(rp, "total_2xx") + ", " + v(rp, "dispatch_rate") + ", " + v(rp, "to_sent_p50_ms") + " / "
                                + v(rp, "to_sent_p99_ms");
                    }
                    out.append(String.format("| %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", byConn.getKey(),
                            byRound.getKey(), target, v(r, "rps"), v(r, "p50_ms"), v(r, "p99_ms"), Report.errs(r),
                            target.equals("bare") ? "" : String.format("%.2f", d(r, "rps") / d(bare, "rps")), keptRatio,
                            v(r, "loadavg_at_start"), Report.cores(r), replies));
                }
            }
            if (!kept.isEmpty()) {
                out.append(String.format("| %d | all | gateway-with-replies | | | | | | %s | | | |%n", byConn.getKey(),
                        Report.meanRange(kept)));
            }
        }
        out.append("\nwith ÷ without replies: intake req/s while replies are POSTed at the fixed rate ÷ intake alone in the same"
                + " round (the target: ≥ 0.90).\n\n");
    }
}
