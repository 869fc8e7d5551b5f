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
    void shouldLeaveOtherNumbersAlone() {
        assertThat(PiiMasking.mask("offset 12345, partition 3, order SO-123, 2026-11-23T09:30:00Z, v1.2.3"))
                .isEqualTo("offset 12345, partition 3, order SO-123, 2026-11-23T09:30:00Z, v1.2.3");
    }
}
