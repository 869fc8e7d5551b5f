package io.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.domain.Channel;
import io.switchboard.domain.ContactRecord;
import io.switchboard.domain.Identity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityRulesTest {

    private final IdentityKeys keys = new IdentityKeys(
            List.of("phone", "email", "wechat-openid", "wechat-unionid", "chat-visitor", "crm"), "CN");

    @Test
    void shouldKeyPhonesInE164AndEmailsLowerCased() {
        assertThat(keys.canonical(new Identity("phone", "+86 138 0013 8000"))).contains(new Identity("phone", "+8613800138000"));
        assertThat(keys.canonical(new Identity("phone", "138-0013-8000"))).contains(new Identity("phone", "+8613800138000"));
        assertThat(keys.canonical(new Identity("email", " Li.Lei@Example.COM "))).contains(new Identity("email", "li.lei@example.com"));
    }

    @Test
    void shouldNeverKeyWithheldNumbersExtensionsOrEndpoints() {
        assertThat(keys.canonical(new Identity("phone", "anonymous"))).isEmpty();
        assertThat(keys.canonical(new Identity("phone", "2001"))).isEmpty();
        assertThat(keys.canonical(new Identity("chat-widget", "site-main"))).isEmpty();
    }

    @Test
    void shouldTakeTheSenderFirstAndLeaveOutTheRecipient() {
        ContactRecord record = ContactRecord.builder().id("r").channel(Channel.EMAIL).receivedAt(Instant.EPOCH)
                .from(new Identity("email", "A@x.com")).to(new Identity("email", "support@company.com"))
                .identities(List.of(new Identity("email", "a@x.com"), new Identity("email", "support@company.com"),
                        new Identity("phone", "+8613800138000")))
                .build();
        assertThat(keys.personIdentities(record)).containsExactly(new Identity("email", "a@x.com"),
                new Identity("phone", "+8613800138000"));
    }

    @Test
    void shouldKeyAnOutboundCallOnTheCalledCustomerAndNotOnOurOwnNumber() {
        ContactRecord call = ContactRecord.builder().id("r").channel(Channel.PHONE).receivedAt(Instant.EPOCH)
                .direction(ContactRecord.OUTBOUND)
                .from(new Identity("phone", "+861088880000")).to(new Identity("phone", "+8675512345678"))
                .identities(List.of(new Identity("phone", "+8675512345678"))).build();
        assertThat(keys.personIdentities(call)).containsExactly(new Identity("phone", "+8675512345678"));
    }

    @Test
    void shouldParseVipEntriesWhoseValuesContainColons() {
        assertThat(keys.parse("wechat-openid:gh_abc:o6_bmjrPTlm6_2sgVt7hMZOPfL2M"))
                .contains(new Identity("wechat-openid", "gh_abc:o6_bmjrPTlm6_2sgVt7hMZOPfL2M"));
        assertThatThrownBy(() -> keys.parse("no-colon")).hasMessageContaining("type:value");
        CustomerSettings settings = new CustomerSettings(keys, Duration.ofHours(72), 5, 5, List.of("phone:138 0013 8000", ""));
        assertThat(settings.vipIdentities()).containsExactly(new Identity("phone", "+8613800138000"));
    }

    @Test
    void shouldRefuseTwoCrmIdsTwoUnionIdsOrTwoOpenIdsOfOneAccount() {
        assertThat(MergeGuard.conflict(List.of(new Identity("crm", "C-1"), new Identity("crm", "C-2")))).isPresent();
        assertThat(MergeGuard.conflict(List.of(new Identity("wechat-unionid", "u1"), new Identity("wechat-unionid", "u2"))))
                .isPresent();
        assertThat(MergeGuard.conflict(List.of(new Identity("wechat-openid", "acct:o1"), new Identity("wechat-openid", "acct:o2"))))
                .get().asString().contains("same account");
    }

    @Test
    void shouldAllowOneOpenIdPerAccountAndAnyNumberOfPhonesAndEmails() {
        assertThat(MergeGuard.conflict(List.of(new Identity("wechat-openid", "a1:o1"), new Identity("wechat-openid", "a2:o9"),
                new Identity("crm", "C-1"), new Identity("crm", "C-1"), new Identity("phone", "+8613800138000"),
                new Identity("phone", "+8613900139000"), new Identity("email", "a@x.com"), new Identity("email", "b@x.com"))))
                .isEmpty();
    }

    @Test
    void shouldClassifyVipFirstThenByEarlierContacts() {
        assertThat(CustomerClass.of(true, 0, 5)).isEqualTo(CustomerClass.VIP);
        assertThat(CustomerClass.of(false, 0, 5)).isEqualTo(CustomerClass.NEW);
        assertThat(CustomerClass.of(false, 1, 5)).isEqualTo(CustomerClass.RETURNING);
        assertThat(CustomerClass.of(false, 5, 5)).isEqualTo(CustomerClass.REGULAR);
    }

    @Test
    void shouldSummariseInOneMaskedShortLineNeverTheFullText() {
        ContactRecord.Builder base = ContactRecord.builder().id("r").channel(Channel.CHAT).receivedAt(Instant.EPOCH);
        String summary = ContactSummary.of(base.text("\n  Call me on +86 138 0013 8000 or li@example.com please\nsecond line "
                + "x".repeat(200)).build());
        assertThat(summary).doesNotContain("138 0013 8000").doesNotContain("li@example.com").doesNotContain("second line");
        assertThat(ContactSummary.of(base.text("y".repeat(500)).build())).hasSize(ContactSummary.MAX_LENGTH).endsWith("…");
        assertThat(ContactSummary.of(base.subject("Refund for SO-1").text("long body").build())).isEqualTo("Refund for SO-1");
        assertThat(ContactSummary.of(base.subject(null).text(null).attachments(List.of(
                new ContactRecord.Attachment("a.png", "image/png", 1L, null, null))).build())).isEqualTo("[1 attachment]");
    }
}
