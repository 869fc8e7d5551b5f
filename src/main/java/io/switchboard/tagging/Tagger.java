package io.switchboard.tagging;

import io.switchboard.config.SwitchboardConfig;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.domain.ContactRecord;
import io.switchboard.pipeline.PipelineBatch;
import io.switchboard.tagging.classifier.Prediction;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stage: taxonomy tags, sentiment and entities. Keyword rules and the trained classifier work
 * together: types whose rules fire with high confidence are the tags (rules win); otherwise the
 * classifier's intent if it is confident enough; otherwise whatever weaker rule hits there are. Which
 * of them decided is the first of the record's {@code priorityReasons}. Tags a channel adapter set
 * ({@code email.bounce}, {@code phone.callback-needed} …) are kept, taxonomy tags are added after them.
 * Machine-generated messages (those carrying an unrouted tag: bounces, auto-replies) get entities but no
 * taxonomy tags or sentiment: a bounce about a late parcel is not a customer complaining about one.
 */
@Singleton
@Named("tagger")
public class Tagger {

    /** Tagging reads at most this much of a message: the problem is stated early, and 1 MiB e-mails exist. */
    static final int MAX_CHARS = 8_000;

    public static final String BY_RULES = "rules";
    public static final String BY_MODEL = "model";
    public static final String BY_WEAK_RULES = "weak-rules";
    public static final String BY_NONE = "none";

    private final Supplier<Taxonomy> taxonomy;
    private final Supplier<SentimentAnalyzer> sentiment;
    private final IntentModel model;
    private final String phoneRegion;
    private final Set<String> machineTags;
    private final MeterRegistry registry;

    @Inject
    public Tagger(TaggingFiles files, IntentModel model, MeterRegistry registry, SwitchboardConfig config,
            @ConfigProperty(name = "switchboard.phone.default-region", defaultValue = "CN") String phoneRegion) {
        this(files::taxonomy, files::sentiment, model, phoneRegion, Set.copyOf(config.routing().unroutedTags()),
                registry);
    }

    public Tagger(Supplier<Taxonomy> taxonomy, Supplier<SentimentAnalyzer> sentiment, IntentModel model,
            String phoneRegion, Set<String> machineTags, MeterRegistry registry) {
        this.taxonomy = taxonomy;
        this.sentiment = sentiment;
        this.model = model;
        this.phoneRegion = phoneRegion;
        this.machineTags = machineTags;
        this.registry = registry;
    }

    public void tag(PipelineBatch batch) {
        Taxonomy tx = taxonomy.get();
        SentimentAnalyzer sa = sentiment.get();
        EntityExtractor entities = new EntityExtractor(tx.orderNumberPatterns(), ZoneId.of(tx.zone()), phoneRegion);
        batch.eachLive("tag", r -> tag(r, tx, sa, entities));
    }

    ContactRecord tag(ContactRecord record, Taxonomy tx, SentimentAnalyzer sa, EntityExtractor extractor) {
        String text = textOf(record);
        Set<String> tags = new LinkedHashSet<>(record.tags());
        List<String> reasons = new ArrayList<>(record.priorityReasons());
        List<String> machine = record.tags().stream().filter(machineTags::contains).toList();
        if (!machine.isEmpty()) {
            reasons.add("tagged by none: machine-generated message (" + String.join(", ", machine) + ")");
            count(BY_NONE);
            return record.toBuilder().priorityReasons(reasons)
                    .sentiment(new ContactRecord.Sentiment(SentimentAnalyzer.NEUTRAL, 0))
                    .entities(extractor.extract(text, record.receivedAt())).build();
        }
        if (text.isBlank()) {
            reasons.add("tagged by none: no text");
            count(BY_NONE);
            return record.toBuilder().tags(List.copyOf(tags)).priorityReasons(reasons)
                    .sentiment(new ContactRecord.Sentiment(SentimentAnalyzer.NEUTRAL, 0))
                    .entities(ContactRecord.Entities.none()).build();
        }
        String normalized = KeywordIndex.normalize(text);
        Taxonomy.RuleHits hits = tx.match(normalized);
        int strong = hits.countAtLeast(tx.strongScore());
        Prediction prediction = model.predict(text);
        boolean modelUsable = prediction.confidence() >= tx.modelMinConfidence()
                && tx.typeIds().contains(prediction.label());
        String modelSays = String.format(Locale.ROOT, "model %s %.2f", prediction.label(), prediction.confidence());
        String decidedBy;
        if (strong > 0) {
            decidedBy = BY_RULES;
            boolean agrees = false;
            for (int i = 0; i < strong; i++) {
                tags.add(hits.type(i));
                agrees |= hits.type(i).equals(prediction.label());
            }
            reasons.add("tagged by rules: " + describe(hits, strong) + "; " + modelSays + (agrees ? " agrees" : " overruled"));
        } else if (modelUsable) {
            decidedBy = BY_MODEL;
            tags.add(prediction.label());
            reasons.add("tagged by model: " + modelSays + (hits.isEmpty() ? "" : "; weak rules " + describe(hits, hits.size())));
        } else if (!hits.isEmpty()) {
            decidedBy = BY_WEAK_RULES;
            tags.add(hits.type(0));
            reasons.add("tagged by weak rules: " + describe(hits, 1) + "; " + modelSays + " unsure");
        } else {
            decidedBy = BY_NONE;
            reasons.add("tagged by none: no rule fired, " + modelSays + " unsure");
        }
        count(decidedBy);
        SentimentAnalyzer.Result feeling = sa.analyze(text, normalized);
        if (!feeling.cues().isEmpty()) {
            reasons.add(String.format(Locale.ROOT, "sentiment %s %.2f (%s)", feeling.sentiment().label(),
                    feeling.sentiment().score(), String.join(", ", feeling.cues())));
        }
        return record.toBuilder()
                .tags(List.copyOf(tags))
                .sentiment(feeling.sentiment())
                .priorityReasons(reasons)
                .entities(extractor.extract(text, record.receivedAt()))
                .build();
    }

    /**
     * Subject and body together, capped at {@link #MAX_CHARS}, without what the customer did not write:
     * a channel's placeholders ({@code [voice]}, {@code [event subscribe]}) and bare links, which would
     * otherwise look like words to the classifier ("[voice]" shares n-grams with "invoice").
     */
    static String textOf(ContactRecord record) {
        String subject = record.subject() == null ? "" : record.subject();
        String body = record.text() == null ? "" : record.text();
        String text = subject.isEmpty() ? body : body.isEmpty() ? subject : subject + "\n" + body;
        String capped = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        return NOT_WRITTEN_BY_THE_CUSTOMER.matcher(capped).replaceAll(" ").strip();
    }

    private static final Pattern NOT_WRITTEN_BY_THE_CUSTOMER =
            Pattern.compile("\\[(?:event|device_\\w+)[^\\]]*][^\\n]*"
                    + "|\\[(?:image|voice|video|shortvideo|location|link)[^\\]]*]|https?://\\S+");

    /** The first {@code count} types of {@code hits} with their evidence, comma-separated. */
    private static String describe(Taxonomy.RuleHits hits, int count) {
        StringBuilder out = new StringBuilder(64 * count);
        for (int i = 0; i < count; i++) {
            hits.describe(i, i == 0 ? out : out.append(", "));
        }
        return out.toString();
    }

    private void count(String decidedBy) {
        registry.counter("switchboard.tagging.decided", "by", decidedBy).increment();
    }
}
