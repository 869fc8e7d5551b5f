package io.switchboard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Arrays;
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
    void shouldMaskPhoneNumbersGluedToChineseText() {
        assertThat(PiiMasking.mask("客户来电13912345678，要求回拨；座机 021-64881234，或 8613912345678"))
                .isEqualTo("客户来电*********78，要求回拨；座机 ***-******34，或 ***********78");
        assertThat(PiiMasking.mask("WARN 回拨失败 to=0086 139 1234 5678 cause=busy"))
                .isEqualTo("WARN 回拨失败 to=**** *** **** **78 cause=busy");
    }

    @Test
    void shouldMaskResidentIdNumbersKeepingTheLastFour() {
        assertThat(PiiMasking.mask("实名认证失败：身份证号 310115199003071239 与姓名不符"))
                .isEqualTo("实名认证失败：身份证号 **************1239 与姓名不符");
        assertThat(PiiMasking.mask("证件号码11010519491231002X已绑定，另一张 11010519491231002x"))
                .isEqualTo("证件号码**************002X已绑定，另一张 **************002x");
        assertThat(PiiMasking.mask("ERROR kyc id=440306198511110029 rejected"))
                .isEqualTo("ERROR kyc id=**************0029 rejected");
    }

    @Test
    void shouldMaskOldFifteenDigitIdsOnlyWhereALabelSaysWhatTheyAre() {
        assertThat(PiiMasking.mask("客户旧身份证：310115900307123，需升级")).isEqualTo("客户旧身份证：***********7123，需升级");
        assertThat(PiiMasking.mask("ID card no 310115900307123")).isEqualTo("ID card no ***********7123");
        assertThat(PiiMasking.mask("交易流水 310115900307123 已入账")).isEqualTo("交易流水 310115900307123 已入账");
    }

    @Test
    void shouldMaskBankCardNumbersThatPassTheLuhnCheck() {
        assertThat(PiiMasking.mask("退款到银行卡 6222 0202 0000 1234 562 失败，银行返回 E1002"))
                .isEqualTo("退款到银行卡 **** **** **** ***4 562 失败，银行返回 E1002");
        assertThat(PiiMasking.mask("卡号：6217001234567890122，户名李雷")).isEqualTo("卡号：***************0122，户名李雷");
        assertThat(PiiMasking.mask("card 4111-1111-1111-1111 declined; amex 378282246310005"))
                .isEqualTo("card ****-****-****-1111 declined; amex ***********0005");
        assertThat(PiiMasking.mask("工行老卡 9558801234567890128")).isEqualTo("工行老卡 ***************0128");
    }

    @Test
    void shouldLeaveOrderNumbersThatFailTheCardChecksAlone() {
        String orders = "订单号 4111111111111112 已发货；订单 20261123000123456；运单 SF1234567890123；工单 7300000000000000001";
        assertThat(PiiMasking.mask(orders)).isEqualTo(orders);
        assertThat(PiiMasking.isCardNumber("4111111111111112")).isFalse();
        assertThat(PiiMasking.isCardNumber("4111111111111111")).isTrue();
    }

    @Test
    void shouldLeaveOtherNumbersAlone() {
        String ops = "offset 12345, partition 3, order SO-123, 2026-11-23T09:30:00Z, v1.2.3, "
                + "data in target/it-infra-16232413897447306042/kafka, id msg-1795456961389665791";
        assertThat(PiiMasking.mask(ops)).isEqualTo(ops);
    }

    @Test
    void shouldLeaveTimestampsOffsetsUuidsAndAddressesAlone() {
        String ops = "2026-11-23 09:30:00,123 INFO [io.sw.pi.Pipeline] (pipeline-0) 批次提交 offset=123456789 "
                + "ts=1764115200 at=1764115200000 record 123e4567-e89b-12d3-a456-426614174000 "
                + "key 12345678-1234-5678-1234-567812345678 db 192.168.100.200:5432 纬度 23.1291660 耗时 1234567 ns";
        assertThat(PiiMasking.mask(ops)).isEqualTo(ops);
    }

    @Test
    void shouldGiveTheSameResultWhenMaskedTwice() {
        String line = "客户 li.lei@example.com 手机 13912345678 身份证 11010519491231002X 卡 6222 0202 0000 1234 562";
        String once = PiiMasking.mask(line);
        assertThat(once).doesNotContain("li.lei", "13912345678", "11010519491231002X", "0202 0000");
        assertThat(PiiMasking.mask(once)).isEqualTo(once);
    }

    @Test
    void shouldMaskExceptionMessagesCausesAndSuppressedKeepingClassesAndFrames() {
        SQLException cause = new SQLException("ERROR: duplicate key value violates unique constraint \"identity_pkey\"\n"
                + "  Detail: Key (type, value)=(phone, +8613912345678) already exists.");
        IllegalStateException thrown = new IllegalStateException("could not link li.lei@example.com to 身份证 310115199003071239", cause);
        thrown.addSuppressed(new IllegalArgumentException("card 6217001234567890122 refused"));

        Throwable masked = PiiMasking.mask(thrown);

        assertThat(masked).isNotSameAs(thrown);
        assertThat(masked.toString()).isEqualTo("java.lang.IllegalStateException: could not link l***@example.com to 身份证 "
                + "**************1239");
        assertThat(masked.getMessage()).doesNotContain("li.lei").doesNotContain("310115199003071239");
        assertThat(masked.getStackTrace()).isEqualTo(thrown.getStackTrace());
        assertThat(masked.getCause().toString()).startsWith("java.sql.SQLException: ERROR: duplicate key")
                .contains("+***********78").doesNotContain("13912345678");
        assertThat(masked.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        assertThat(Arrays.stream(masked.getSuppressed()).map(Throwable::toString))
                .containsExactly("java.lang.IllegalArgumentException: card ***************0122 refused");
    }

    @Test
    void shouldKeepAnExceptionWithoutPersonalDataAsItIs() {
        RuntimeException thrown = new RuntimeException("broker at 127.0.0.1:9092 did not answer in 4000 ms",
                new java.io.IOException("connection refused"));
        assertThat(PiiMasking.mask(thrown)).isSameAs(thrown);
        assertThat(PiiMasking.mask((Throwable) null)).isNull();
    }

    @Test
    void shouldSurviveACauseCycle() {
        Exception a = new Exception("first 13912345678");
        Exception b = new Exception("second", a);
        a.initCause(b);
        Throwable masked = PiiMasking.mask(a);
        assertThat(masked.getMessage()).isEqualTo("first *********78");
        assertThat(masked.getCause().getMessage()).isEqualTo("second");
        assertThat(masked.getCause().getCause()).isNull();
    }
}
