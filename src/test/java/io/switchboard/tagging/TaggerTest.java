package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import io.switchboard.tagging.classifier.IntentClassifierTrainer;
import io.switchboard.tagging.classifier.LabeledCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shipped taxonomy and lexicon, and the model trained from the shipped seed CSV. */
class TaggerTest {

    static Taxonomy taxonomy;
    static SentimentAnalyzer sentiment;
    static Tagger tagger;
    static EntityExtractor entities;

    @BeforeAll
    static void load() throws IOException {
        taxonomy = Taxonomy.parse(Files.readString(Path.of("config/taxonomy.yaml")));
        sentiment = SentimentAnalyzer.parse(Files.readString(Path.of("config/sentiment.yaml")));
        IntentModel model = new IntentModel(new IntentClassifierTrainer()
                .train(LabeledCsv.read(Path.of("config/intent-training.csv"))));
        tagger = new Tagger(() -> taxonomy, () -> sentiment, model, "CN", Set.of("email.bounce"), new SimpleMeterRegistry());
        entities = new EntityExtractor(taxonomy.orderNumberPatterns(), ZoneId.of(taxonomy.zone()), "CN");
    }

    @Test
    void shouldLetConfidentRulesDecideAndKeepAdapterTags() {
        ContactRecord r = tag(contact("手机电池鼓包了，我要退款", List.of("phone.callback-needed")));
        assertThat(r.tags()).containsExactly("phone.callback-needed", "product.fault.battery", "process.refund");
        assertThat(r.priorityReasons().get(0)).startsWith("tagged by rules: product.fault.battery (电池, 鼓包)");
    }

    @Test
    void shouldFallBackToTheModelWhenNoRuleFires() {
        ContactRecord zh = tag(contact("下单一周了东西还没寄出", List.of()));
        assertThat(zh.priorityReasons().get(0)).as(zh.priorityReasons().toString())
                .startsWith("tagged by model: model service.delivery.delay");
        assertThat(zh.tags()).containsExactly("service.delivery.delay");
        ContactRecord en = tag(contact("I want my money returned", List.of()));
        assertThat(en.tags()).as(en.priorityReasons().toString()).containsExactly("process.refund");
    }

    @Test
    void shouldSaySoWhenNothingIsConfident() {
        ContactRecord r = tag(contact("ok", List.of()));
        assertThat(r.tags()).isEmpty();
        assertThat(r.priorityReasons().get(0)).startsWith("tagged by none");
        assertThat(r.sentiment().label()).isEqualTo("neutral");
    }

    @Test
    void shouldTagRecordsWithoutTextAsNeutralWithNoEntities() {
        ContactRecord r = tag(contact(null, List.of("phone.callback-needed")));
        assertThat(r.tags()).containsExactly("phone.callback-needed");
        assertThat(r.sentiment().label()).isEqualTo("neutral");
        assertThat(r.entities()).isEqualTo(ContactRecord.Entities.none());
    }

    @Test
    void shouldGiveMachineGeneratedMailEntitiesButNoTaxonomyTagsOrFeelings() {
        ContactRecord r = tag(contact("Delivery failed: your message to li.lei@example.com about the late refund, "
                + "I am furious!!!", List.of("email.bounce")));
        assertThat(r.tags()).containsExactly("email.bounce");
        assertThat(r.sentiment().label()).isEqualTo("neutral");
        assertThat(r.priorityReasons().get(0)).isEqualTo("tagged by none: machine-generated message (email.bounce)");
        assertThat(r.entities().emails()).contains("li.lei@example.com");
    }

    @Test
    void shouldNotClassifyChannelPlaceholdersOrLinks() {
        for (String placeholder : List.of("[voice]", "[image] http://mmbiz.qpic.cn/mmbiz/abc/0", "[event subscribe] qrscene_1")) {
            ContactRecord r = tag(contact(placeholder, List.of()));
            assertThat(r.tags()).as(placeholder).isEmpty();
            assertThat(r.priorityReasons().get(0)).as(placeholder).isEqualTo("tagged by none: no text");
        }
        assertThat(Tagger.textOf(contact("[voice] 我的订单还没发货", List.of()))).isEqualTo("我的订单还没发货");
    }

    @Test
    void shouldTagTraditionalChineseLikeSimplifiedAndKeepTheCustomerTextAsWritten() {
        String traditional = "手機電池鼓包了，我要退款";
        ContactRecord r = tag(contact(traditional, List.of()));
        assertThat(r.tags()).containsExactly("product.fault.battery", "process.refund");
        assertThat(r.text()).isEqualTo(traditional);
        ContactRecord angry = tag(contact("氣死我了，再不處理我就去12315投訴！！", List.of()));
        assertThat(angry.sentiment().label()).isEqualTo("angry");
        assertThat(angry.tags()).contains("service.complaint.major");
    }

    @Test
    void shouldReadTheSubjectToo() {
        ContactRecord r = tag(contact("see below", List.of()).toBuilder().subject("Invoice request").build());
        assertThat(r.tags()).contains("process.billing.invoice");
    }

    private static ContactRecord tag(ContactRecord r) {
        return tagger.tag(r, taxonomy, sentiment, entities);
    }

    private static ContactRecord contact(String text, List<String> tags) {
        return ContactRecord.builder().id("r-1").channel(Channel.CHAT).receivedAt(Instant.parse("2026-11-23T02:00:00Z"))
                .channelMessageId("m-1").from(new Identity("chat-visitor", "v-1")).text(text).tags(tags).build();
    }
}
