package io.switchboard.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.domain.ContactRecord.Entities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Entities with the order-number patterns of the shipped config/taxonomy.yaml. */
class EntityExtractorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
    static EntityExtractor extractor;

    @BeforeAll
    static void load() throws IOException {
        Taxonomy t = Taxonomy.parse(Files.readString(Path.of("config/taxonomy.yaml")));
        extractor = new EntityExtractor(t.orderNumberPatterns(), ZoneId.of(t.zone()), "CN");
    }

    @Test
    void shouldExtractEverythingFromAChineseMessage() {
        Entities e = extractor.extract(
                "订单号：２０２６１１２０８８３３１２ 花了￥3,999.5，11月20日下单，昨天才发货。电话 138 0013 8000，邮箱 Li.Lei@Example.com",
                RECEIVED);
        assertThat(e.orderNumbers()).containsExactly("20261120883312");
        assertThat(e.amounts()).containsExactly("3999.50 CNY");
        assertThat(e.dates()).containsExactly("2026-11-20", "2026-11-22");
        assertThat(e.phones()).containsExactly("+8613800138000");
        assertThat(e.emails()).containsExactly("li.lei@example.com");
    }

    @Test
    void shouldExtractEverythingFromAnEnglishMessage() {
        Entities e = extractor.extract("Order #A12345 and SO-20261123-001: charged USD 49.99 twice on Nov 3, 2026 "
                + "and €12 on 5th December; call +1 415 555 2671 or mail help@shop.example.co.uk", RECEIVED);
        assertThat(e.orderNumbers()).containsExactlyInAnyOrder("SO-20261123-001", "A12345");
        assertThat(e.amounts()).containsExactly("49.99 USD", "12.00 EUR");
        assertThat(e.dates()).containsExactlyInAnyOrder("2026-11-03", "2026-12-05");
        assertThat(e.phones()).containsExactly("+14155552671");
        assertThat(e.emails()).containsExactly("help@shop.example.co.uk");
    }

    @Test
    void shouldReadTraditionalChineseOrderNumbersAndAmounts() {
        Entities e = extractor.extract("訂單號：88120061 退了300塊錢，還有50港幣", RECEIVED);
        assertThat(e.orderNumbers()).containsExactly("88120061");
        assertThat(e.amounts()).containsExactly("300.00 CNY", "50.00 HKD");
    }

    @Test
    void shouldReadAmountsWrittenAfterTheNumber() {
        assertThat(extractor.extract("退了200元，还差50块，另外 30 RMB 和 10 dollars", RECEIVED).amounts())
                .containsExactly("200.00 CNY", "50.00 CNY", "30.00 CNY", "10.00 USD");
    }

    @Test
    void shouldNotTakeOrderNumbersOrImpossibleDatesForSomethingElse() {
        Entities e = extractor.extract("订单号 13800138000123 日期 2026-13-45 in the market 5 times", RECEIVED);
        assertThat(e.orderNumbers()).containsExactly("13800138000123");
        assertThat(e.phones()).isEmpty();
        assertThat(e.dates()).isEmpty();
        assertThat(extractor.extract("", RECEIVED)).isEqualTo(Entities.none());
        assertThat(extractor.extract(null, RECEIVED)).isEqualTo(Entities.none());
    }
}
