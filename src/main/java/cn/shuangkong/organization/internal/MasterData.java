package cn.shuangkong.organization.internal;

import cn.shuangkong.organization.Industries;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.StateChanged;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Maintains the reference data around enterprises: regulator departments, grid workers, service contracts. */
@Service
public class MasterData {

    private final JdbcClient jdbc;
    private final Regions regions;
    private final Industries industries;
    private final ApplicationEventPublisher events;

    MasterData(JdbcClient jdbc, Regions regions, Industries industries, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.industries = industries;
        this.events = events;
    }

    /**
     * Adds a regulator department. {@code industries} is a list of GB/T 4754 prefixes separated by commas or 、;
     * empty means it supervises every industry of its region.
     */
    @Transactional
    public long addDepartment(String name, String kind, String regionCode, String industryList, String phone) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || name.isBlank()) errors.put("name", "部门名称不能为空");
        if (kind == null || kind.isBlank()) errors.put("kind", "部门类别不能为空");
        var region = regionCode == null ? null : regions.find(regionCode).orElse(null);
        if (region == null || region.level() > 4) errors.put("regionCode", "请选择县级及以上或乡镇（街道）区划");
        List<String> prefixes = industryList == null || industryList.isBlank() ? List.of()
                : Arrays.stream(industryList.toUpperCase().split("[,，、\\s]+")).filter(s -> !s.isBlank()).toList();
        prefixes.stream().filter(p -> !industries.isKnown(p)).findFirst()
                .ifPresent(p -> errors.put("industries", "未知的行业代码：" + p));
        if (errors.isEmpty() && jdbc.sql("select count(*) from department where name = :n and region_code = :r")
                .param("n", name.trim()).param("r", regionCode).query(Long.class).single() > 0) {
            errors.put("name", "该区划下已有同名部门");
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        long id = jdbc.sql("insert into department (name, kind, region_code, industries, phone) values (:n, :k, :r, :i, :p) returning id")
                .param("n", name.trim()).param("k", kind.trim()).param("r", regionCode)
                .param("i", prefixes.toArray(String[]::new)).param("p", phone).query(Long.class).single();
        events.publishEvent(new StateChanged("新增监管部门", "department", String.valueOf(id),
                name.trim() + "（" + region.name() + "，行业 " + (prefixes.isEmpty() ? "全部" : prefixes) + "）", null, regionCode));
        return id;
    }

    @Transactional
    public long addGridWorker(long gridId, String name, String phone) {
        String town = jdbc.sql("select region_code from grid where id = :g").param("g", gridId).query(String.class).optional()
                .orElseThrow(() -> DomainException.invalid("gridId", "网格不存在"));
        if (name == null || name.isBlank()) throw DomainException.invalid("name", "网格员姓名不能为空");
        if (phone != null && !phone.isBlank() && !phone.trim().matches("1\\d{10}")) throw DomainException.invalid("phone", "手机号应为11位数字");
        long id = jdbc.sql("insert into grid_worker (grid_id, name, phone) values (:g, :n, :p) returning id")
                .param("g", gridId).param("n", name.trim()).param("p", phone == null || phone.isBlank() ? null : phone.trim())
                .query(Long.class).single();
        events.publishEvent(new StateChanged("新增网格员", "grid_worker", String.valueOf(id), name.trim(), null, town));
        return id;
    }

    /** Records a service contract between a service organisation and an enterprise (named by its credit code). */
    @Transactional
    public long addContract(long serviceOrgId, String enterpriseCreditCode, LocalDate start, LocalDate end, String scope) {
        Map<String, String> errors = new LinkedHashMap<>();
        Long enterprise = enterpriseCreditCode == null ? null : jdbc.sql("select id from enterprise where credit_code = :c")
                .param("c", enterpriseCreditCode.trim().toUpperCase()).query(Long.class).optional().orElse(null);
        if (enterprise == null) errors.put("creditCode", "没有该信用代码的企业");
        if (start == null || end == null) errors.put("startDate", "请填写合同起止日期");
        else if (end.isBefore(start)) errors.put("endDate", "结束日期不能早于开始日期");
        if (jdbc.sql("select count(*) from service_org where id = :s").param("s", serviceOrgId).query(Long.class).single() == 0) {
            errors.put("serviceOrgId", "服务机构不存在");
        }
        if (!errors.isEmpty()) throw new DomainException(HttpStatus.BAD_REQUEST, String.join("；", errors.values()), errors);
        long id = jdbc.sql("insert into service_contract (service_org_id, enterprise_id, start_date, end_date, scope) values (:s, :e, :a, :b, :scope) returning id")
                .param("s", serviceOrgId).param("e", enterprise).param("a", start).param("b", end).param("scope", scope)
                .query(Long.class).single();
        events.publishEvent(new StateChanged("登记服务合同", "service_contract", String.valueOf(id),
                start + " 至 " + end + "：" + (scope == null ? "" : scope), enterprise, null));
        return id;
    }
}
