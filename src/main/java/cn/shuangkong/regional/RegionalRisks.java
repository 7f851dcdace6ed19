package cn.shuangkong.regional;

import cn.shuangkong.organization.OrganizationFacts;
import cn.shuangkong.organization.Region;
import cn.shuangkong.organization.Regions;
import cn.shuangkong.risk.AssessmentMethods;
import cn.shuangkong.risk.Evaluation;
import cn.shuangkong.risk.HazardDictionaries;
import cn.shuangkong.risk.RiskLevel;
import cn.shuangkong.shared.Actor;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.shared.Jurisdiction;
import cn.shuangkong.shared.StateChanged;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * 区域风险 registered by regulators in their own jurisdiction, each assessed with one of the configured methods
 * ({@link AssessmentMethods}), so that a 燃气管网 and an enterprise's tank farm are graded on the same scale.
 */
@Service
public class RegionalRisks {

    /** The kinds of public-area risk the seeds name (人员密集场所, 城市运行 ...); the form offers exactly these. */
    public static final List<String> CATEGORIES = List.of("人员密集场所", "城市运行", "燃气管网", "道路交通", "危险化学品运输",
            "建设施工", "水上交通", "特种设备", "自然灾害", "其他");

    /** What a regulator enters; {@code inputs} are the factor values of {@code method}, keyed by lower-case factor. */
    public record Draft(String regionCode, String category, String name, String location, String hazard,
                        List<String> accidentTypes, String method, Map<String, BigDecimal> inputs, String measures,
                        String department, String responsible, String phone, BigDecimal longitude, BigDecimal latitude) { }

    /** A registered public-area risk with its town and its current assessment. */
    public record Risk(long id, String regionCode, String regionName, String townCode, String townName, String category,
                       String name, String location, String hazard, String accidentTypeCodes, String method,
                       String inputs, BigDecimal score, int level, String measures, String department, String responsible,
                       String phone, BigDecimal longitude, BigDecimal latitude, String createdBy, Instant createdAt,
                       Instant updatedAt) {
        public RiskLevel riskLevel() {
            return RiskLevel.of(level);
        }

        public List<String> accidentTypes() {
            return accidentTypeCodes == null || accidentTypeCodes.isBlank() ? List.of() : List.of(accidentTypeCodes.split(","));
        }

        public String scoreText() {
            return method + " " + score.stripTrailingZeros().toPlainString();
        }
    }

    private static final String SELECT = """
            select rr.id, rr.region_code, r.name as region_name, t.code as town_code, t.name as town_name, rr.category,
                   rr.name, rr.location, rr.hazard, array_to_string(rr.accident_types, ',') as accident_type_codes, rr.method, rr.inputs::text as inputs, rr.score,
                   rr.level, rr.measures, rr.department, rr.responsible, rr.phone, rr.longitude, rr.latitude,
                   rr.created_by, rr.created_at, rr.updated_at
              from regional_risk rr join (%1$s) r on r.code = rr.region_code
              join (%1$s) t on t.code = left(rr.region_code, 9)
            """.formatted(OrganizationFacts.regions());

    private final JdbcClient jdbc;
    private final Regions regions;
    private final AssessmentMethods methods;
    private final HazardDictionaries dictionaries;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();

    RegionalRisks(JdbcClient jdbc, Regions regions, AssessmentMethods methods, HazardDictionaries dictionaries,
                  ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.regions = regions;
        this.methods = methods;
        this.dictionaries = dictionaries;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The SQL condition keeping regional risks inside a jurisdiction ({@code alias} is the regional_risk or region-coded
     * table's alias): a regulator sees its region subtree whatever industries it supervises, the platform everything,
     * enterprises and service organisations nothing.
     */
    public static Jurisdiction.SqlFilter scopeFilter(Jurisdiction scope, String alias) {
        return switch (scope.kind()) {
            case PLATFORM -> new Jurisdiction.SqlFilter("true", Map.of());
            case REGULATOR -> new Jurisdiction.SqlFilter(alias + ".region_code like :rr_region",
                    Map.of("rr_region", scope.regionPrefix() + "%"));
            default -> new Jurisdiction.SqlFilter("false", Map.of());
        };
    }

    public static boolean covers(Jurisdiction scope, String regionCode) {
        return scope.isPlatform() || (scope.kind() == Jurisdiction.Kind.REGULATOR && regionCode.startsWith(scope.regionPrefix()));
    }

    public List<Risk> search(Jurisdiction scope, String regionCode, Integer level) {
        var f = scopeFilter(scope, "rr");
        StringBuilder sql = new StringBuilder(SELECT).append(" where ").append(f.sql());
        Map<String, Object> params = new LinkedHashMap<>(f.params());
        if (regionCode != null && !regionCode.isBlank()) {
            sql.append(" and rr.region_code like :region");
            params.put("region", Jurisdiction.regionPrefix(regionCode) + "%");
        }
        if (level != null) {
            sql.append(" and rr.level = :level");
            params.put("level", level);
        }
        return jdbc.sql(sql.append(" order by rr.level, t.code, rr.id").toString()).params(params).query(Risk.class).list();
    }

    public Optional<Risk> find(Jurisdiction scope, long id) {
        var f = scopeFilter(scope, "rr");
        return jdbc.sql(SELECT + " where rr.id = :id and " + f.sql()).params(f.params()).param("id", id)
                .query(Risk.class).optional();
    }

    @Transactional
    public long register(Actor who, Draft d) {
        Checked c = check(who, d);
        Instant now = clock.instant();
        long id = jdbc.sql("""
                insert into regional_risk (region_code, category, name, location, hazard, accident_types, method, inputs, score,
                    level, measures, department, responsible, phone, longitude, latitude, created_by, created_at, updated_at)
                values (:region, :category, :name, :location, :hazard, :types, :method, cast(:inputs as jsonb), :score, :level,
                    :measures, :department, :responsible, :phone, :lon, :lat, :by, :now, :now) returning id
                """).params(c.params()).param("by", who.username()).param("now", Timestamp.from(now))
                .query(Long.class).single();
        events.publishEvent(new StateChanged("登记区域风险", "regional_risk", String.valueOf(id),
                d.name().trim() + "：" + c.evaluation().level().label + "（" + c.evaluation().method() + " "
                        + c.evaluation().score().toPlainString() + "）", null, d.regionCode()));
        return id;
    }

    @Transactional
    public void change(Actor who, long id, Draft d) {
        Risk before = find(who.jurisdiction(), id).orElseThrow(() -> DomainException.notFound("区域风险"));
        Checked c = check(who, d);
        jdbc.sql("""
                update regional_risk set region_code = :region, category = :category, name = :name, location = :location,
                    hazard = :hazard, accident_types = :types, method = :method, inputs = cast(:inputs as jsonb), score = :score,
                    level = :level, measures = :measures, department = :department, responsible = :responsible,
                    phone = :phone, longitude = :lon, latitude = :lat, updated_at = :now
                 where id = :id
                """).params(c.params()).param("now", Timestamp.from(clock.instant())).param("id", id).update();
        events.publishEvent(new StateChanged("修改区域风险", "regional_risk", String.valueOf(id),
                before.name() + "：" + before.riskLevel().label + " → " + c.evaluation().level().label + "（"
                        + c.evaluation().method() + " " + c.evaluation().score().toPlainString() + "）", null, d.regionCode()));
    }

    private record Checked(Map<String, Object> params, Evaluation evaluation) { }

    private Checked check(Actor who, Draft d) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<Region> region = d.regionCode() == null ? Optional.empty() : regions.find(d.regionCode().trim());
        if (region.isEmpty() || region.get().level() < 4) {
            errors.put("regionCode", "请选择乡镇（街道）或村（社区）");
        } else if (!covers(who.jurisdiction(), region.get().code())) {
            errors.put("regionCode", region.get().name() + "不在您的辖区内");
        }
        if (d.category() == null || !CATEGORIES.contains(d.category())) {
            errors.put("category", "请选择风险类别：" + String.join("、", CATEGORIES));
        }
        required(errors, "name", "风险名称", d.name(), 120);
        required(errors, "location", "位置", d.location(), 200);
        required(errors, "hazard", "主要危险因素", d.hazard(), 1000);
        required(errors, "measures", "管控措施", d.measures(), 2000);
        required(errors, "department", "监管责任部门", d.department(), 80);
        required(errors, "responsible", "责任人", d.responsible(), 40);
        if (d.phone() != null && !d.phone().isBlank() && !d.phone().trim().matches("[0-9+\\-]{5,20}")) {
            errors.put("phone", "联系电话只能含数字和“-”，5～20 位");
        }
        List<String> types = d.accidentTypes() == null ? List.of() : d.accidentTypes().stream()
                .filter(t -> t != null && !t.isBlank()).map(String::trim).distinct().toList();
        if (types.isEmpty()) errors.put("accidentTypes", "请至少选择一种可能导致的事故类型");
        types.stream().filter(t -> !dictionaries.isAccidentType(t)).findFirst()
                .ifPresent(t -> errors.put("accidentTypes", "事故类型代码 " + t + " 不在 GB 6441 中"));
        if ((d.longitude() == null) != (d.latitude() == null)) {
            errors.put("longitude", "经纬度须同时填写或同时留空");
        } else if (d.longitude() != null && (d.longitude().abs().compareTo(BigDecimal.valueOf(180)) > 0
                || d.latitude().abs().compareTo(BigDecimal.valueOf(90)) > 0)) {
            errors.put("longitude", "经纬度超出范围");
        }
        Evaluation evaluation = null;
        try {
            evaluation = methods.evaluate(d.method(), d.inputs() == null ? Map.of() : d.inputs());
        } catch (DomainException ex) {
            errors.putAll(ex.fieldErrors());
        }
        if (!errors.isEmpty()) {
            throw new DomainException(HttpStatus.BAD_REQUEST, "区域风险未保存：" + String.join("；", errors.values()), errors);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("region", region.get().code());
        p.put("category", d.category());
        p.put("name", d.name().trim());
        p.put("location", d.location().trim());
        p.put("hazard", d.hazard().trim());
        p.put("types", types.toArray(String[]::new));
        p.put("method", evaluation.method());
        p.put("inputs", json.writeValueAsString(evaluation.inputs()));
        p.put("score", evaluation.score());
        p.put("level", evaluation.grade());
        p.put("measures", d.measures().trim());
        p.put("department", d.department().trim());
        p.put("responsible", d.responsible().trim());
        p.put("phone", d.phone() == null || d.phone().isBlank() ? null : d.phone().trim());
        p.put("lon", d.longitude());
        p.put("lat", d.latitude());
        return new Checked(p, evaluation);
    }

    private static void required(Map<String, String> errors, String field, String label, String value, int max) {
        if (value == null || value.isBlank()) errors.put(field, "请填写" + label);
        else if (value.trim().length() > max) errors.put(field, label + "不能超过 " + max + " 字");
    }

    /** GB 6441 names of a risk's accident types, for pages and documents. */
    public String accidentTypeNames(Risk risk) {
        List<String> names = new ArrayList<>();
        risk.accidentTypes().forEach(t -> names.add(dictionaries.accidentTypeName(t)));
        return String.join("、", names);
    }
}
