package io.switchboard.channel.phone;

import io.quarkus.arc.Unremovable;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.domain.Channel;
import io.switchboard.domain.RawMessage;
import io.switchboard.kafka.RawMessageJournal;
import io.switchboard.ops.IngressMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jboss.logging.Logger;

/**
 * Turns one CDR file into one raw message per call and decides where the file goes. Called by the
 * {@code phone-cdr-inbound} route; the route moves the file to {@link #MOVE_TO} only when this returns,
 * i.e. after the broker acknowledged every call. If any call cannot be stored this throws and the file
 * stays in the inbox for a later poll; re-reading it is harmless because call ids are stable.
 */
@Singleton
@Named("cdrInbox")
@Unremovable
public class CdrInbox {

    /** Header naming the file's destination, read by the route's {@code move} option. */
    public static final String MOVE_TO = "SwitchboardCdrMoveTo";
    /** Calls in flight at once: well under what the journal queues, so a big file cannot overload it. */
    static final int WINDOW = 500;
    private static final Logger LOG = Logger.getLogger(CdrInbox.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final CdrSources sources;
    private final RawMessageJournal journal;
    private final IngressMetrics metrics;
    private final Path done;
    private final Path error;
    private final Duration ackWait;

    @Inject
    public CdrInbox(CdrSources sources, RawMessageJournal journal, IngressMetrics metrics, SwitchboardConfig config) {
        this.sources = sources;
        this.journal = journal;
        this.metrics = metrics;
        this.done = config.phone().cdr().done().toAbsolutePath();
        this.error = config.phone().cdr().error().toAbsolutePath();
        this.ackWait = config.ingress().ackTimeout().multipliedBy(2);
    }

    public void ingest(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        Path relative = Path.of(exchange.getIn().getHeader("CamelFileRelativePath", String.class));
        String folder = relative.getParent() == null ? "" : relative.getParent().toString();
        String name = relative.getFileName().toString();

        List<RowError> errors;
        List<RawMessage> calls;
        try {
            CdrSources.Source source = sources.forFolder(folder);
            CdrReadResult read = new CdrFileReader(sources.layout(source)).read(file);
            errors = read.errors();
            calls = rawMessages(sources.assembler(source.region()), read.rows(), source, name, Instant.now());
        } catch (IllegalArgumentException e) {
            errors = List.of(new RowError(name, 0, e.getMessage()));
            calls = List.of();
        }
        try {
            store(calls);
        } catch (IOException e) {
            metrics.cdrFile("retry");
            throw e;
        }
        calls.forEach(c -> metrics.accepted(Channel.PHONE));
        errors.forEach(e -> metrics.rejected(Channel.PHONE, "cdr-row"));

        Path target = (errors.isEmpty() ? done : error).resolve(folder).resolve(stamped(name, Instant.now()));
        if (!errors.isEmpty()) {
            writeReport(Path.of(target + ".errors.csv"), errors);
            LOG.warnf("CDR file %s: %d calls stored, %d rows rejected (report next to %s)", relative, calls.size(),
                    errors.size(), target);
        }
        metrics.cdrFile(errors.isEmpty() ? "done" : "error");
        exchange.getIn().setHeader(MOVE_TO, target.toString());
    }

    /** One raw message per call: its legs exactly as written in the file, keyed by the stable call id. */
    static List<RawMessage> rawMessages(CallAssembler assembler, List<CdrRow> rows, CdrSources.Source source,
                                        String fileName, Instant receivedAt) {
        Map<Long, CdrRow> byLine = new HashMap<>();
        rows.forEach(r -> byLine.put(r.line(), r));
        List<RawMessage> messages = new ArrayList<>();
        for (CallRecord call : assembler.assemble(rows)) {
            List<CdrRow> legs = call.sourceLines().stream()
                    .map(l -> byLine.get(Long.parseLong(l.substring(l.lastIndexOf(':') + 1))))
                    .toList();
            StringBuilder body = new StringBuilder();
            legs.forEach(leg -> body.append(leg.text()).append('\n'));
            messages.add(new RawMessage(Channel.PHONE, call.callId(), receivedAt, PhoneRaw.CSV, Map.of(
                    PhoneRaw.SOURCE, PhoneRaw.SOURCE_CDR,
                    PhoneRaw.CDR_LAYOUT, source.layout(),
                    PhoneRaw.CDR_TIME_ZONE, source.zone().getId(),
                    PhoneRaw.CDR_REGION, source.region(),
                    PhoneRaw.CDR_FILE, fileName,
                    PhoneRaw.CDR_LINES, legs.stream().map(l -> Long.toString(l.line())).collect(Collectors.joining(","))),
                    body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return messages;
    }

    private void store(List<RawMessage> messages) throws IOException {
        for (int from = 0; from < messages.size(); from += WINDOW) {
            List<CompletableFuture<?>> acks = messages.subList(from, Math.min(messages.size(), from + WINDOW)).stream()
                    .<CompletableFuture<?>>map(m -> journal.append(m).toCompletableFuture())
                    .toList();
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the broker did not confirm every call of the file; it stays in the inbox: "
                        + (e.getCause() == null ? e : e.getCause()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the broker", e);
            }
        }
    }

    /** The report is a CSV that people open in spreadsheets: every cell goes through the formula guard. */
    static void writeReport(Path report, List<RowError> errors) throws IOException {
        Files.createDirectories(report.getParent());
        try (Writer out = Files.newBufferedWriter(report, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("file", "line", "reason").get())) {
            for (RowError e : errors) {
                csv.printRecord(FormulaGuard.neutralizeForCsvExport(e.file()), e.line(),
                        FormulaGuard.neutralizeForCsvExport(e.reason()));
            }
        }
    }

    /** Files of the same name dropped again must not overwrite the earlier one in done or error. */
    static String stamped(String name, Instant now) {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        return base + "-" + STAMP.format(now) + ext;
    }
}
