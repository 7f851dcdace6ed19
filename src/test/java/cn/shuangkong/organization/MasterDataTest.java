package cn.shuangkong.organization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.shuangkong.organization.internal.MasterData;
import cn.shuangkong.shared.DomainException;
import cn.shuangkong.support.PlatformTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class MasterDataTest extends PlatformTest {

    @Autowired
    MasterData masterData;

    @Autowired
    OrgStructure structure;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void a_new_contract_brings_the_enterprise_into_the_service_organisations_scope_and_an_expired_one_does_not() {
        long serviceOrg = jdbc.sql("select service_org_id from user_account where username = 'service_org'").query(Long.class).single();
        var target = jdbc.sql("select id, credit_code from enterprise where industry_code like 'C30%' order by id limit 2")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        // Contract validity is judged by the database's date (Beijing time), not by the tests' movable clock.
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(loggedIn("service_org").get("/api/v1/enterprises/" + target.get(0)[0]).status()).isEqualTo(404);

        masterData.addContract(serviceOrg, (String) target.get(0)[1], today.minusDays(1), today.plusYears(1), "安全评价");
        masterData.addContract(serviceOrg, (String) target.get(1)[1], today.minusYears(2), today.minusYears(1), "已到期");

        assertThat(loggedIn("service_org").get("/api/v1/enterprises/" + target.get(0)[0]).status()).isEqualTo(200);
        assertThat(loggedIn("service_org").get("/api/v1/enterprises/" + target.get(1)[0]).status()).isEqualTo(404);
    }

    @Test
    void a_contract_that_ends_before_it_starts_or_names_no_enterprise_is_refused() {
        long serviceOrg = jdbc.sql("select id from service_org order by id limit 1").query(Long.class).single();
        LocalDate today = LocalDate.now(clock);
        assertThatThrownBy(() -> masterData.addContract(serviceOrg, "91350100M000100Y44", today, today.minusDays(1), null))
                .isInstanceOf(DomainException.class).hasMessageContaining("没有该信用代码的企业").hasMessageContaining("结束日期不能早于开始日期");
    }

    @Test
    void a_unit_or_an_employee_added_from_a_page_goes_only_to_an_enterprise_in_the_callers_scope() {
        long mech = enterpriseIdOf("ent_mech");
        var chem = new cn.shuangkong.support.EnterprisePerson("ent_chem", enterpriseIdOf("ent_chem"));
        assertThatThrownBy(() -> structure.addUnit(chem, mech, null, "越权公司", OrgStructure.Tier.COMPANY))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThatThrownBy(() -> structure.addEmployee(chem, mech, null, "越权员工", null, null))
                .isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        assertThat(jdbc.sql("select count(*) from org_unit where name = '越权公司'").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from employee where name = '越权员工'").query(Long.class).single()).isZero();

        // In scope it is added; rolled back, so that the demo enterprise stays as other tests expect it.
        var own = new cn.shuangkong.support.EnterprisePerson("ent_mech", mech);
        tx.executeWithoutResult(status -> {
            long unit = structure.addUnit(own, mech, null, "二号公司", OrgStructure.Tier.COMPANY);
            assertThat(structure.units(mech)).extracting(OrgStructure.OrgUnit::id).contains(unit);
            status.setRollbackOnly();
        });
    }

    @Test
    void a_department_is_refused_an_unknown_industry_and_accepted_with_known_ones() {
        assertThatThrownBy(() -> masterData.addDepartment("靖江市测试局", "测试", "321282", "C26、X99", null))
                .isInstanceOf(DomainException.class).hasMessageContaining("未知的行业代码：X99");
        long id = masterData.addDepartment("靖江市港口管理局", "交通运输", "321282", "G55, G59", "0523-84800000");
        assertThat(jdbc.sql("select array_to_string(industries, ',') from department where id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("G55,G59");
    }

    @Autowired
    cn.shuangkong.organization.internal.EnterpriseDetails details;

    /** The detail page's reads resolve the enterprise in the service (ADR 0076): another enterprise's scope gets a 404. */
    @Test
    void another_enterprises_details_are_not_found_by_the_service_itself() {
        long chem = enterpriseIdOf("ent_chem");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> details.of(cn.shuangkong.shared.Jurisdiction.enterprise(
                enterpriseIdOf("ent_mech"), "本企业"), chem)).isInstanceOf(cn.shuangkong.shared.NotInScope.class);
        var own = details.of(cn.shuangkong.shared.Jurisdiction.enterprise(chem, "本企业"), chem);
        assertThat(own.enterprise().id()).isEqualTo(chem);
        assertThat(own.units()).isNotEmpty().allSatisfy(u -> assertThat(u.enterpriseId()).isEqualTo(chem));
        assertThat(own.employees()).isNotEmpty();
    }

    @Autowired
    ServiceOrganizations directory;

    /**
     * The directory's contracts are filtered by the viewer's scope in the service (ADR 0076): a town's regulator does
     * not see a contract with an enterprise of another town, the city's does.
     */
    @Test
    void a_contract_with_an_enterprise_of_another_town_is_not_in_the_towns_directory() {
        long binjiangContract = jdbc.sql("""
                select c.id from service_contract c join enterprise e on e.id = c.enterprise_id
                 where e.region_code like '321282401%' order by c.id limit 1""").query(Long.class).single();
        var city = directory.directory(new cn.shuangkong.support.TestRegulator("gov_city", "靖江市", "321282", "靖江市"));
        var town = directory.directory(new cn.shuangkong.support.TestRegulator("gov_town", "新桥镇", "321282100", "新桥镇"));
        assertThat(city).as("every organisation is listed").isNotEmpty().hasSameSizeAs(town);
        assertThat(city.stream().flatMap(l -> l.contracts().stream()).map(ServiceOrganizations.Contract::id)).contains(binjiangContract);
        assertThat(town.stream().flatMap(l -> l.contracts().stream()).map(ServiceOrganizations.Contract::id)).doesNotContain(binjiangContract);
    }

    /** One phone per enterprise (ADR 0084): four additions under one number at the same moment add one employee. */
    @Test
    void employees_added_under_one_phone_at_the_same_moment_are_added_once_and_the_others_told_why() throws Exception {
        var e = cn.shuangkong.support.FreshEnterprise.create(jdbc, "同号并发企业");
        String phone = "139" + String.format("%08d", Math.floorMod(System.nanoTime(), 100_000_000L));
        var added = cn.shuangkong.support.AtOnce.run(4, i -> structure.addEmployee(e.id(), null, "同号员工" + i, phone, null));
        assertThat(added.stream().filter(cn.shuangkong.support.AtOnce.Outcome::succeeded)).as("added once").hasSize(1);
        assertThat(added.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(DomainException.class).hasMessageContaining("手机号 " + phone + " 已登记"));
        assertThat(jdbc.sql("select count(*) from employee where enterprise_id = :e and phone = :p").param("e", e.id()).param("p", phone)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Autowired
    EnterpriseRegistry registry;

    /** One credit code, one enterprise (ADR 0084): four registrations of one code at the same moment register one. */
    @Test
    void enterprises_registered_under_one_credit_code_at_the_same_moment_are_registered_once() throws Exception {
        String alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        StringBuilder first17 = new StringBuilder("91321282");
        var random = new java.util.Random();
        while (first17.length() < 17) first17.append(alphabet.charAt(random.nextInt(alphabet.length())));
        String code = first17 + String.valueOf(CreditCode.checkCharacter(first17.toString()));
        var registered = cn.shuangkong.support.AtOnce.run(4, i -> registry.register(cn.shuangkong.shared.Jurisdiction.platform(),
                new EnterpriseDraft("同码并发企业" + i, code, "C3441", "321282100", null, "SMALL", 60, null, null, null, null,
                        null, null, null, "OPERATING", false, false, false, false, false, false)));
        assertThat(registered.stream().filter(cn.shuangkong.support.AtOnce.Outcome::succeeded)).as("registered once").hasSize(1);
        assertThat(registered.stream().filter(o -> !o.succeeded())).hasSize(3).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOf(DomainException.class).hasMessageContaining("统一社会信用代码 " + code + " 已被其他企业使用"));
        assertThat(jdbc.sql("select count(*) from enterprise where credit_code = :c").param("c", code).query(Long.class).single()).isEqualTo(1);
    }
}
