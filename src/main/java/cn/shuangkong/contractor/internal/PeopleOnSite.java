package cn.shuangkong.contractor.internal;

import cn.shuangkong.contractor.Contractors;
import cn.shuangkong.risk.ContractorsOnSite;
import java.time.LocalDate;
import org.springframework.stereotype.Component;

/** The risk module's {@link ContractorsOnSite}, answered from the register: the daily commitment's 承包商在场 starts from it. */
@Component
class PeopleOnSite implements ContractorsOnSite {

    private final Contractors contractors;

    PeopleOnSite(Contractors contractors) {
        this.contractors = contractors;
    }

    @Override
    public int peopleOnSite(long enterpriseId, LocalDate day) {
        return contractors.onSite(enterpriseId, day).stream().mapToInt(Contractors.OnSite::people).sum();
    }
}
