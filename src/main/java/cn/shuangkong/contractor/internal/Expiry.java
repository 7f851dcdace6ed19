package cn.shuangkong.contractor.internal;

import java.time.LocalDate;

/** 有效 / 即将到期 / 已过期 of something valid up to and including a date, as lists show it. */
final class Expiry {

    private Expiry() {
    }

    static String statusOn(LocalDate validUntil, LocalDate day, int soonDays, String what) {
        if (day.isAfter(validUntil)) return what + "已过期";
        return validUntil.isAfter(day.plusDays(soonDays)) ? what + "有效" : what + "即将到期";
    }
}
