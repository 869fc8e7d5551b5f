package io.switchboard.routing.bench;

import io.agroal.api.AgroalDataSource;
import io.switchboard.routing.FloorReader;
import io.switchboard.store.Database;
import io.switchboard.testing.GatewayInfrastructure;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;

/**
 * What GET /queues costs with a busy floor (bench/queues/run.sh): N open conversations waiting in a
 * handful of queues, each with running SLA clocks, and agents online; then the view GET /queues
 * serves is read repeatedly and its p50/p99/max printed. Measures the database work, which is the
 * endpoint's cost; the HTTP answer adds the JSON encoding of ~10 queues.
 *
 * <p>usage: QueuesViewBench [conversations=10000] [reads=2000]
 */
public final class QueuesViewBench {

    public static void main(String[] args) throws Exception {
        int conversations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Set<String> queues = new LinkedHashSet<>(List.of("general", "vip", "supervisors", "billing", "refunds",
                "english", "technical", "wechat", "phone", "overflow"));
        GatewayInfrastructure infrastructure = new GatewayInfrastructure();
        Map<String, String> config = infrastructure.start();
        try (AgroalDataSource database = Database.pool(config.get("switchboard.db.url"), "postgres", null, 4)) {
            Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
            seed(database, conversations, queues.size());
            FloorReader floor = new FloorReader(database);
            for (int i = 0; i < 200; i++) {
                floor.view(queues, Instant.now()); // warm the JIT and PostgreSQL's caches
            }
            long[] nanos = new long[reads];
            for (int i = 0; i < reads; i++) {
                long start = System.nanoTime();
                floor.view(queues, Instant.now());
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("GET /queues view, %,d open conversations in %d queues, %,d reads: "
                    + "p50 %.2f ms  p99 %.2f ms  max %.2f ms%n", conversations, queues.size(), reads,
                    nanos[reads / 2] / 1e6, nanos[(int) (reads * 0.99)] / 1e6, nanos[reads - 1] / 1e6);
        } finally {
            infrastructure.stop();
        }
    }

    /** Every conversation waits in a lane with both clocks running; a fifth of them are past the warning. */
    private static void seed(AgroalDataSource database, int conversations, int queueCount) throws Exception {
        String queueName = "(ARRAY['general','vip','supervisors','billing','refunds','english','technical','wechat',"
                + "'phone','overflow'])[1 + i % " + queueCount + "]";
        String priority = "(ARRAY['high','medium','low'])[1 + i % 3]";
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE seed AS SELECT i, md5(i::text)::uuid AS id FROM generate_series(1, "
                    + conversations + ") AS i");
            s.execute("INSERT INTO queue_waiting SELECT md5('r' || i)::uuid, id, " + queueName + ", " + priority
                    + ", now() - (i % 3600) * interval '1 second' FROM seed");
            s.execute("INSERT INTO sla_clock (conversation_id, kind, events_partition, queue, priority, started_at,"
                    + " warn_at, due_at) SELECT id, k, i % 6, " + queueName + ", " + priority + ", now(),"
                    + " now() + (CASE WHEN i % 5 = 0 THEN -1 ELSE 1 END) * interval '10 minutes',"
                    + " now() + interval '1 hour' FROM seed, unnest(ARRAY['first-response','resolution']) AS k");
            s.execute("INSERT INTO agent_presence SELECT 'agent-' || i, i % 4 <> 0,"
                    + " CASE WHEN i % 2 = 0 THEN ARRAY['general'] ELSE '{}' END, now() FROM generate_series(1, 200) AS i");
            s.execute("ANALYZE");
        }
    }
}
