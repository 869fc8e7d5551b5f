package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PiiMaskingTest {

    @Test
    void shouldMaskEmailAddressesKeepingTheirDomain() {
        assertThat(PiiMasking.mask("from li.lei@example.com and x@y.cn"))
                .isEqualTo("from l***@example.com and x***@y.cn");
    }

    @Test
    void shouldMaskPhoneNumbersInCommonNotations() {
        assertThat(PiiMasking.mask("call +86 138 0013 8000 or 13800138000 or (415) 555-0134"))
                .isEqualTo("call +** *** **** **00 or *********00 or (***) ***-**34");
    }

    @Test
    void shouldMaskANumberThatEndsASentence() {
        assertThat(PiiMasking.mask("My number is 13800138000.")).isEqualTo("My number is *********00.");
    }

    @Test
    void shouldLeaveOtherNumbersAlone() {
        String ops = "offset 12345, partition 3, order SO-123, 2026-11-23T09:30:00Z, v1.2.3, "
                + "data in target/it-infra-16232413897447306042/kafka, id msg-1795456961389665791";
        assertThat(PiiMasking.mask(ops)).isEqualTo(ops);
    }
}
