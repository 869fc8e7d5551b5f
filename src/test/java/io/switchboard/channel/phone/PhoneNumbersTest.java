package io.switchboard.channel.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

    private final PhoneNumbers cn = new PhoneNumbers();
    private final PhoneNumbers us = new PhoneNumbers("US");

    @ParameterizedTest(name = "CN default: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "13800138000|+8613800138000",             // CN mobile without country code
            "138 0013 8000|+8613800138000",
            "138-0013-8000|+8613800138000",
            "+86 138 0013 8000|+8613800138000",
            "8613800138000|+8613800138000",           // country code without +
            "008613800138000|+8613800138000",         // 00 international prefix
            "010 6552 9988|+861065529988",            // Beijing landline with trunk 0
            "(010) 6552-9988|+861065529988",
            "+1 650-253-0000|+16502530000",           // +1 number
            "001 650 253 0000|+16502530000",
            "0044 20 7031 3000|+442070313000",
            "sip:+8613800138000@pbx.example;user=phone|+8613800138000",
            "tel:+16502530000|+16502530000"})
    void validNumbersNormaliseToE164WithDefaultRegionCn(String raw, String e164) {
        NormalizedNumber n = cn.normalize(raw);
        assertThat(n.type()).isEqualTo(NormalizedNumber.Type.PHONE);
        assertThat(n.value()).isEqualTo(e164);
        assertThat(n.raw()).isEqualTo(raw);
        assertThat(n.isDialable()).isTrue();
    }

    @ParameterizedTest(name = "US default: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "(650) 253-0000|+16502530000",
            "650.253.0000|+16502530000",
            "011 44 20 7031 3000|+442070313000",      // NANP international prefix
            "0044 20 7031 3000|+442070313000",        // 00 accepted even where IDD is 011
            "+86 138 0013 8000|+8613800138000"})
    void defaultRegionIsConfigurable(String raw, String e164) {
        assertThat(us.normalize(raw).value()).isEqualTo(e164);
        assertThat(us.e164OrNull(raw)).isEqualTo(e164);
    }

    @Test
    void cnMobileWithoutCountryCodeIsNotValidUnderUsRegion() {
        assertThat(us.normalize("13800138000").type()).isEqualTo(NormalizedNumber.Type.INVALID);
        assertThat(us.e164OrNull("13800138000")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8001", "101", "1", "123456", "sip:8001@pbx.example", "80-01"})
    void shortNumbersAreExtensionsNotCustomerPhones(String raw) {
        NormalizedNumber n = cn.normalize(raw);
        assertThat(n.type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(n.isPhone()).isFalse();
        assertThat(n.value()).matches("[0-9]+");
    }

    @Test
    void extensionRulesAreConfigurable() {
        PhoneNumbers fourDigits = new PhoneNumbers("CN", 4, null);
        assertThat(fourDigits.normalize("8001").type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(fourDigits.normalize("80011").type()).isEqualTo(NormalizedNumber.Type.INVALID);
        PhoneNumbers pattern = new PhoneNumbers("CN", 0, Pattern.compile("9[0-9]{6}|\\*[0-9]+"));
        assertThat(pattern.normalize("9000001").type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(pattern.normalize("*97").type()).isEqualTo(NormalizedNumber.Type.EXTENSION);
        assertThat(pattern.normalize("8001").type()).isEqualTo(NormalizedNumber.Type.INVALID);
        assertThat(pattern.normalize("13800138000").type()).isEqualTo(NormalizedNumber.Type.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anonymous", "Anonymous", "ANONYMOUS", "unknown", "private", "withheld", "restricted",
            "<unknown>", "sip:anonymous@anonymous.invalid", "anonymous@anonymous.invalid"})
    void withheldCallerIdsAreAnonymous(String raw) {
        NormalizedNumber n = cn.normalize(raw);
        assertThat(n.type()).isEqualTo(NormalizedNumber.Type.ANONYMOUS);
        assertThat(n.value()).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void missingValuesAreEmpty(String raw) {
        NormalizedNumber n = cn.normalize(raw);
        assertThat(n.type()).isEqualTo(NormalizedNumber.Type.EMPTY);
        assertThat(n.value()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1234567", "12345678901234567", "+999 123", "s", "=1+1", "@foo",
            "client:alice"})
    void invalidNumbersAreKeptRawAndFlagged(String raw) {
        NormalizedNumber n = cn.normalize(raw);
        assertThat(n.type()).isEqualTo(NormalizedNumber.Type.INVALID);
        assertThat(n.value()).isEqualTo(raw);
        assertThat(n.isDialable()).isFalse();
    }

    @Test
    void formulaGuardDoesNotInterfereWithParsingPlusNumbers() {
        assertThat(FormulaGuard.isFormulaLike("+8613800138000")).isTrue();
        assertThat(cn.normalize("+8613800138000").value()).isEqualTo("+8613800138000");
    }

    @Test
    void unsupportedRegionIsRejected() {
        assertThatThrownBy(() -> new PhoneNumbers("XX")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PhoneNumbers("us").defaultRegion()).isEqualTo("US");
    }
}
