package cn.shuangkong.risk;

import java.util.Map;

/**
 * 存在隐患情况, what the register's documents print beside each risk point: the titles of its open hazards. Implemented
 * by the hazard module and declared here, because the hazard register depends on the risk register and the dependency
 * cannot also run the other way (as {@code hazard.ReportedHazards} is declared for the exchange module).
 */
public interface OpenHazardTitles {

    /** Per risk point of the enterprise that has open hazards (confirmed, not yet closed): their titles, joined by "；". */
    Map<Long, String> ofEnterprise(long enterpriseId);
}
