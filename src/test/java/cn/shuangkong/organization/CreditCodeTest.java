package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditCodeTest {

    @Test
    void published_credit_codes_of_real_companies_are_valid() {
        assertThat(CreditCode.isValid("91350100M000100Y43")).isTrue();
        assertThat(CreditCode.isValid("91110000802100433B")).isTrue();
        assertThat(CreditCode.isValid("914403001922038216")).isTrue();
    }

    @Test
    void a_wrong_check_character_is_refused() {
        assertThat(CreditCode.isValid("91350100M000100Y44")).isFalse();
        assertThat(CreditCode.isValid("91320000134768372N")).isFalse();
    }

    @Test
    void letters_outside_the_gb32100_alphabet_and_wrong_lengths_are_refused() {
        assertThat(CreditCode.isValid("91350100M0001O0Y43")).isFalse(); // O is not in the alphabet
        assertThat(CreditCode.isValid("91350100M000100Y4")).isFalse();
        assertThat(CreditCode.isValid("")).isFalse();
        assertThat(CreditCode.isValid(null)).isFalse();
    }

    @Test
    void the_check_character_completes_a_code_that_then_validates() {
        String first17 = "91321282MA1ABCDEF";
        assertThat(CreditCode.isValid(first17 + CreditCode.checkCharacter(first17))).isTrue();
    }
}
