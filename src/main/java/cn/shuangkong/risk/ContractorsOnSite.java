package cn.shuangkong.risk;

import java.time.LocalDate;

/**
 * How many contractor people an enterprise has on its site on a day, for the 承诺公告's 承包商在场: the form starts
 * from the contractor register. Implemented by the module that keeps the register; declared here, like
 * {@link SpecialWorkToday}, so that the risk module does not depend on it (that module reaches risk through others).
 */
public interface ContractorsOnSite {

    /** The people of the enterprise's contractors on site on {@code day} (cooperating, not blacklisted, within 进场–离场). */
    int peopleOnSite(long enterpriseId, LocalDate day);
}
