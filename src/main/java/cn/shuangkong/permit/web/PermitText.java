package cn.shuangkong.permit.web;

import cn.shuangkong.permit.internal.Permits;
import org.springframework.stereotype.Component;

/** Words the permit pages and PDF put beside figures, so that a result never stands as a colour alone. */
@Component("permitText")
class PermitText {

    private final Permits permits;

    PermitText(Permits permits) {
        this.permits = permits;
    }

    /**
     * Why a sample passed or failed, from the value and the limit stored with it ("0.8% > 0.5%"); the page and the PDF
     * put the gas's LEL class beside it as a text of its own, so that each part has its English.
     */
    public String why(Permits.Sample s) {
        String v = plain(s.value()), limit = plain(s.limitValue());
        return switch (s.kind()) {
            case COMBUSTIBLE -> v + "%" + (s.passed() ? " ≤ " : " > ") + limit + "%";
            case OXYGEN -> "氧含量 " + v + "%" + (s.passed() ? " 在 " : " 不在 ")
                    + plain(permits.rules().settings().oxygenMin()) + "%～" + limit + "% 之内";
            case TOXIC -> v + " mg/m³" + (s.passed() ? " ≤ " : " > ") + limit + " mg/m³";
        };
    }

    /** How old an analysis may be when the job starts, in minutes (configuration). */
    public long freshMinutes() {
        return permits.rules().settings().analysisValidity().toMinutes();
    }

    /** The longest validity of the permit's kind and level, counted from its window's start, in hours. */
    public long limitHours(Permits.Permit p) {
        return permits.rules().validityLimit(p.kind(), p.level()).toHours();
    }

    private static String plain(java.math.BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
