package cn.shuangkong.risk.internal;

import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings of the register that the platform administrator changes at run time: which GB 6441 edition new risk
 * events are classified with. Existing events keep the edition they were stored with.
 */
@Service
public class RiskSettings {

    static final String ACCIDENT_EDITION = "accident-edition";

    /** The current choice and who made it (null before anyone changed the shipped default). */
    public record Choice(String edition, String changedBy, java.time.Instant changedAt) { }

    private final JdbcClient jdbc;
    private final ClassificationCodes codes;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RiskSettings(JdbcClient jdbc, ClassificationCodes codes, Clock clock, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.codes = codes;
        this.clock = clock;
        this.events = events;
    }

    /** The GB 6441 edition for new entries. */
    public String accidentEdition() {
        return choice().edition();
    }

    public Choice choice() {
        return jdbc.sql("select value as edition, changed_by, changed_at from risk_setting where key = :k")
                .param("k", ACCIDENT_EDITION).query(Choice.class).optional()
                .orElse(new Choice(HazardDictionaries.ACCIDENT_EDITION, null, null));
    }

    /** The dictionary new entries are classified with. */
    public HazardDictionaries.Edition currentEdition() {
        return codes.edition(accidentEdition()).orElseThrow();
    }

    @Transactional
    public void chooseAccidentEdition(Actor admin, String edition) {
        if (!admin.can("risk:dictionary:manage")) {
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "只有平台管理员可以切换事故类别标准版本", null);
        }
        var chosen = codes.edition(edition)
                .orElseThrow(() -> DomainException.invalid("edition", "请选择 GB 6441-1986 或 GB 6441-2025"));
        String before = accidentEdition();
        if (before.equals(chosen.code())) return;
        jdbc.sql("""
                insert into risk_setting (key, value, changed_by, changed_at) values (:k, :v, :u, :t)
                on conflict (key) do update set value = :v, changed_by = :u, changed_at = :t
                """).param("k", ACCIDENT_EDITION).param("v", chosen.code()).param("u", admin.displayName())
                .param("t", Timestamp.from(clock.instant())).update();
        events.publishEvent(new StateChanged("切换事故类别标准版本", "risk_setting", ACCIDENT_EDITION,
                before + " → " + chosen.code() + "（新登记的风险事件使用新版本，已有事件保留原版本）", null, null));
    }
}
