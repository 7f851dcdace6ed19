package cn.shuangkong.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.shuangkong.support.PageTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each demo role signs in through the real login page in Chromium, walks its pages, and leaves screenshots behind. */
class PageJourneyTest extends PageTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @org.springframework.beans.factory.annotation.Autowired
    cn.shuangkong.inspection.internal.InspectionScheduler scheduler;


    @ParameterizedTest(name = "{0} signs in and sees {1}")
    @CsvSource({
            "admin, 双控平台, 全平台",
            "gov_city, 靖江市应急管理局, 靖江市",
            "gov_town, 新桥镇安全生产监督管理办公室, 新桥镇",
            "ent_chem, 化工有限公司, 组织架构",
            "ent_mech, 机械制造有限公司, 组织架构",
            "worker_chem, 化工有限公司, 您的岗位",
            "service_org, 江苏安衡安全技术服务有限公司, 签约服务企业"})
    void every_demo_role_signs_in_and_lands_on_its_home_page(String username, String unit, String expected) {
        browser.loginAs(username).open("/");
        assertThat(browser.find(".topbar").getText()).contains(unit);
        if (!expected.equals("组织架构")) {
            assertThat(browser.text()).contains(expected);
        }
        browser.screenshot("home-" + username);
    }

    @Test
    void a_wrong_password_is_answered_in_chinese_on_the_login_page() {
        browser.login("gov_city", "not-the-password");
        assertThat(browser.find(".alert.error").getText()).isEqualTo("用户名或密码错误");
        browser.screenshot("login-error");
    }

    @Test
    void the_city_regulator_filters_the_enterprise_list_by_town_and_opens_a_detail_page() {
        browser.loginAs("gov_city").open("/enterprises");
        assertThat(browser.text()).contains("共");
        browser.screenshot("enterprises-gov_city");
        browser.open("/enterprises?region=321282401");
        var towns = browser.all("#enterprise-table tbody tr td:nth-child(4)");
        assertThat(towns).isNotEmpty().allSatisfy(td -> assertThat(td.getText()).isEqualTo("滨江新区"));
        browser.find("#enterprise-table tbody tr td a").click();
        assertThat(browser.text()).contains("组织架构", "负有监管职责的部门", "靖江市应急管理局");
        browser.screenshot("enterprise-detail");
    }

    @Test
    void the_town_regulator_lists_only_its_own_town() {
        browser.loginAs("gov_town").open("/enterprises?size=200");
        var towns = browser.all("#enterprise-table tbody tr td:nth-child(4)");
        assertThat(towns).isNotEmpty().allSatisfy(td -> assertThat(td.getText()).isEqualTo("新桥镇"));
        browser.open("/enterprises/" + enterpriseIdOf("ent_chem"));
        assertThat(browser.text()).contains("页面不存在");
    }

    @Test
    void an_enterprise_user_cannot_open_another_enterprise() {
        browser.loginAs("ent_chem").open("/enterprises/" + enterpriseIdOf("ent_mech"));
        assertThat(browser.text()).contains("页面不存在", "不在您的数据范围内");
        browser.open("/enterprises");
        assertThat(browser.text()).contains("共 1 条");
    }

    @Test
    void an_incomplete_enterprise_form_is_answered_field_by_field_in_chinese_and_nothing_is_saved() {
        long before = jdbc.sql("select count(*) from enterprise").query(Long.class).single();
        browser.loginAs("gov_city").open("/enterprises/new");
        browser.find("#creditCode").sendKeys("91350100M000100Y44");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("请改正下面标红的字段", "企业名称不能为空", "统一社会信用代码无效", "所在乡镇（街道）不能为空");
        browser.screenshot("enterprise-form-errors");
        assertThat(jdbc.sql("select count(*) from enterprise").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void the_admin_verifies_the_audit_chain_from_the_page() {
        browser.loginAs("admin").open("/audit");
        browser.find("form[action$='/audit/verify'] button").click();
        assertThat(browser.find("#chain-result").getText()).startsWith("哈希链完整");
        browser.screenshot("audit-verify");
        browser.open("/admin/roles");
        assertThat(browser.text()).contains("平台管理员", "organization:enterprise:read");
        browser.screenshot("roles");
    }

    @Test
    void a_worker_uses_the_platform_on_a_phone() {
        browser.phone().loginAs("worker_chem").open("/");
        assertThat(browser.text()).contains("罐区巡检工");
        browser.screenshot("phone-home-worker_chem");
    }

    @Test
    void a_workers_home_counts_their_own_open_tasks_as_the_database_holds_them_and_names_the_enterprise_figure_as_the_whole_enterprises() {
        scheduler.runOnce(); // the periods due now exist, made as the scheduler makes them
        browser.phone().loginAs("worker_chem").open("/");
        long checks = openChecksOf("worker_chem");
        assertThat(checks).as("worker_chem has open check items from the tank farm's measures").isGreaterThan(1);
        long total = checks + openDutiesOf("worker_chem") + openChecklistsOf("worker_chem");
        assertThat(browser.find("#my-work").getText()).isEqualTo("我的任务：" + total + " 项待完成");
        assertThat(browser.find("#my-work-parts").getText()).startsWith("其中排查项 " + checks + " 项、");
        var month = enterpriseThisMonth(enterpriseIdOf("worker_chem"));
        assertThat(browser.find("#completion-label").getText()).as("the enterprise's figure says whose it is").isEqualTo(
                month.get("done") + month.get("overdue") > 0 ? "全企业 · 本月排查完成率（逾期 " + month.get("overdue") + " 项）"
                        : "全企业 · 本月排查完成率（尚无到期任务，待完成 " + month.get("pending") + " 项）");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})",
                browser.find("#completion-label"));
        browser.screenshot("phone-home-worker_chem-my-work");
        browser.open("/inspection/mine");
        assertThat(browser.find("h1").getText()).as("我的任务 counts what the home page counts").endsWith("（" + total + "）");

        // One item answered through the inspection's own path: one fewer on the home page, as in the database.
        var worker = loggedIn("worker_chem");
        var task = worker.get("/api/v1/inspection/tasks/mine").json().get(0);
        var answered = worker.post("/api/v1/inspection/records", cn.shuangkong.support.Api.json(java.util.Map.of(
                "riskPointId", task.get("riskPointId").asLong(),
                "answers", java.util.List.of(java.util.Map.of("taskId", task.get("id").asLong(), "result", "NORMAL")))));
        assertThat(answered.status()).isEqualTo(201);
        assertThat(openChecksOf("worker_chem")).isEqualTo(checks - 1);
        browser.open("/");
        assertThat(browser.find("#my-work").getText()).isEqualTo("我的任务：" + (total - 1) + " 项待完成");
        assertThat(browser.find("#my-work-parts").getText()).startsWith("其中排查项 " + (checks - 1) + " 项、");
    }

    /** The database's own count of the open check items of a person's measures, or of measures given to their post. */
    private long openChecksOf(String username) {
        return jdbc.sql("""
                select count(*) from inspection_task t join control_measure m on m.id = t.measure_id
                  join user_account u on u.username = :u join employee em on em.id = u.employee_id
                 where t.status = 'PENDING' and t.enterprise_id = em.enterprise_id
                   and (m.responsible_employee_id = em.id or m.responsible_unit_id = em.post_id)""")
                .param("u", username).query(Long.class).single();
    }

    private long openDutiesOf(String username) {
        return jdbc.sql("""
                select count(*) from duty_task t join user_account u on u.employee_id = t.employee_id
                 where u.username = :u and t.status = 'PENDING'""").param("u", username).query(Long.class).single();
    }

    private long openChecklistsOf(String username) {
        return jdbc.sql("""
                select count(*) from checklist_inspection r join checklist_assignee x on x.inspection_id = r.id
                 where x.username = :u and r.status = 'OPEN'""").param("u", username).query(Long.class).single();
    }

    /** The whole enterprise's tasks whose window falls in this month, by the platform's calendar, counted by state. */
    private java.util.Map<String, Long> enterpriseThisMonth(long enterprise) {
        var today = java.time.LocalDate.now(clock);
        var zone = cn.shuangkong.shared.PlatformTime.zone();
        var counts = new java.util.HashMap<String, Long>(java.util.Map.of("done", 0L, "overdue", 0L, "pending", 0L));
        jdbc.sql("""
                select lower(t.status) as status, count(*) as n from inspection_task t
                 where t.enterprise_id = :e and t.due_at > :from and t.period_start < :to group by t.status""")
                .param("e", enterprise)
                .param("from", java.sql.Timestamp.from(today.withDayOfMonth(1).atStartOfDay(zone).toInstant()))
                .param("to", java.sql.Timestamp.from(today.plusDays(1).atStartOfDay(zone).toInstant()))
                .query((rs, i) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
        return counts;
    }

    @Test
    void an_admin_reading_the_accounts_in_english_disables_an_account_with_disable_and_sees_it_active_or_disabled() {
        String name = "en_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long id = openAccount(new cn.shuangkong.access.internal.UserAdministration.NewUser(name, "英文状态测试", null, "PLATFORM",
                null, null, null, java.util.List.of("PLATFORM_ADMIN"), "EnState#2026"));
        browser.loginAs("admin").open("/admin/users?lang=en&q=" + name);
        try {
            var row = browser.find("#user-table tbody tr");
            assertThat(row.getText()).contains("Active").doesNotContain("Normal", "Retire");
            assertThat(row.findElement(org.openqa.selenium.By.cssSelector("form[action$='/enabled'] button")).getText()).isEqualTo("Disable");
            browser.submit("#user-table tbody tr form[action$='/enabled'] button");
            assertThat(browser.text()).contains("Account disabled");
            browser.open("/admin/users?q=" + name);
            row = browser.find("#user-table tbody tr");
            assertThat(row.getText()).contains("Disabled");
            assertThat(row.findElement(org.openqa.selenium.By.cssSelector("form[action$='/enabled'] button")).getText()).isEqualTo("Enable");
            assertThat(jdbc.sql("select enabled from user_account where id = :id").param("id", id).query(Boolean.class).single()).isFalse();
            browser.screenshot("users-en");
        } finally {
            browser.open("/?lang=zh_CN");
        }
    }

    @Test
    void the_english_switch_translates_the_shell() {
        browser.loginAs("gov_city").open("/?lang=en");
        assertThat(browser.find(".side").getText()).contains("Enterprises", "Audit log");
        assertThat(browser.find("html").getAttribute("lang")).as("the page says which language it is in").isEqualTo("en");
        browser.open("/public/disclosure");
        assertThat(browser.find("html").getAttribute("lang")).as("a page outside the shell too").isEqualTo("en");
        browser.open("/?lang=zh_CN");
        assertThat(browser.find(".side").getText()).contains("企业", "审计日志");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("zh-CN");
    }

    @Test
    void a_regulator_uploads_a_broken_enterprise_file_and_sees_every_error_row_on_the_page() throws Exception {
        var file = java.nio.file.Files.createTempFile("enterprises", ".xlsx");
        try (var in = cn.shuangkong.organization.ExcelImportTestFiles.brokenEnterpriseFile()) {
            java.nio.file.Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        browser.loginAs("gov_city").open("/enterprises/import");
        browser.find("input[type=file]").sendKeys(file.toAbsolutePath().toString());
        browser.find("form[enctype] button[type=submit]").click();
        assertThat(browser.find(".alert.error").getText()).contains("未导入任何企业");
        assertThat(browser.all("#import-errors tbody tr")).isNotEmpty();
        browser.screenshot("enterprise-import-errors");
    }

    @Test
    void the_admin_opens_an_account_for_a_regulator_who_can_then_sign_in() {
        browser.loginAs("admin").open("/admin/users/new");
        browser.find("#username").sendKeys("gov_housing");
        browser.find("#displayName").sendKeys("住建局安全科");
        new org.openqa.selenium.support.ui.Select(browser.find("#kind")).selectByValue("REGULATOR");
        new org.openqa.selenium.support.ui.Select(browser.find("#departmentId")).selectByVisibleText("靖江市住房和城乡建设局");
        browser.find("input[name=roleCodes][value=REGULATOR]").click();
        browser.find("#password").sendKeys("short");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("账号未开通", "密码至少8位");
        browser.screenshot("user-form-error");

        browser.find("#password").sendKeys("Housing#2026");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("已开通账号：gov_housing");
        browser.screenshot("users");

        // the password the admin chose is changed by its owner first: every page leads to 修改密码 until then
        browser.login("gov_housing", "Housing#2026").open("/enterprises?size=200");
        assertThat(browser.path()).isEqualTo("/account/password");
        assertThat(browser.text()).contains("您的密码由管理员设置");
        browser.find("#current").sendKeys("Housing#2026");
        browser.find("#next").sendKeys("OnlyMine#2026");
        browser.find("#repeat").sendKeys("OnlyMine#2026");
        browser.submit("form.form button[type=submit]");
        assertThat(browser.text()).contains("密码已修改");
        browser.open("/enterprises?size=200");
        var industries = browser.all("#enterprise-table tbody tr td:nth-child(3)");
        assertThat(industries).isNotEmpty().allSatisfy(td -> assertThat(td.getAttribute("title")).startsWith("E"));
    }

    @Test
    void the_pager_moves_through_a_filtered_list_and_keeps_the_filter() {
        browser.loginAs("gov_city").open("/enterprises?status=OPERATING&size=10");
        String firstRow = browser.find("#enterprise-table tbody tr td a").getText();
        browser.driver().findElement(org.openqa.selenium.By.linkText("下一页 ›")).click();
        assertThat(browser.driver().getCurrentUrl()).contains("status=OPERATING").contains("page=2");
        assertThat(browser.find(".pager span.cur").getText()).isEqualTo("2");
        assertThat(browser.find("#enterprise-table tbody tr td a").getText()).isNotEqualTo(firstRow);
        assertThat(browser.all("#enterprise-table tbody tr td:nth-child(6)")).allSatisfy(td -> assertThat(td.getText()).isEqualTo("在营"));
    }

    @Test
    void a_worker_does_todays_inspection_on_a_phone_and_reports_an_anomaly() {
        applicationContext.getBean(cn.shuangkong.inspection.internal.InspectionScheduler.class).runOnce();
        browser.phone().loginAs("worker_chem").open("/inspection/mine");
        browser.screenshot("phone-my-tasks");
        browser.find("a.btn.primary.block").click();
        assertThat(browser.text()).contains("已签到");
        var items = browser.all(".check-item");
        assertThat(items).isNotEmpty();
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            item.findElement(org.openqa.selenium.By.cssSelector(i == 0 ? "label.abnormal" : "label.normal")).click();
        }
        items.get(0).findElement(org.openqa.selenium.By.cssSelector("textarea")).sendKeys("防火堤排水阀未关闭");
        browser.screenshot("phone-inspection-form");
        browser.find("#inspection-form button[type=submit]").click();
        assertThat(browser.find(".alert.ok").getText()).contains("排查记录已提交", "已登记 1 条隐患");
        browser.screenshot("phone-inspection-done");
    }

    @Test
    void the_safety_manager_uploads_a_site_plan_under_the_four_colour_map_and_a_text_file_is_refused() throws Exception {
        var plan = java.nio.file.Files.createTempFile("site-plan", ".png");
        java.nio.file.Files.write(plan, cn.shuangkong.files.FileStoreTest.png(0x88aacc));
        var fake = java.nio.file.Files.createTempFile("site-plan", ".png");
        java.nio.file.Files.writeString(fake, "not an image");

        browser.loginAs("ent_chem").open("/risks/map");
        browser.find("form[action$='/risks/map/plan'] input[type=file]").sendKeys(fake.toAbsolutePath().toString());
        browser.find("form[action$='/risks/map/plan'] button").click();
        assertThat(browser.find(".alert.error").getText()).contains("平面图只接受");
        assertThat(browser.all("#site-plan")).isEmpty();

        browser.find("form[action$='/risks/map/plan'] input[type=file]").sendKeys(plan.toAbsolutePath().toString());
        browser.find("form[action$='/risks/map/plan'] button").click();
        assertThat(browser.find(".alert.ok").getText()).isEqualTo("厂区平面图已更新");
        assertThat(browser.find("#site-plan").getAttribute("href")).matches(".*/files/\\d+");
        browser.screenshot("risks-site-map-with-plan");
    }

    @Test
    void a_worker_starts_an_inspection_from_the_risk_points_own_page() {
        clock.advance(java.time.Duration.ofHours(9)); // a new shift: the tank farm's shift checks are open again
        applicationContext.getBean(cn.shuangkong.inspection.internal.InspectionScheduler.class).runOnce();
        long point = jdbc.sql("""
                select p.id from risk_point p join user_account u on u.enterprise_id = p.enterprise_id
                 where u.username = 'worker_chem' and p.code = 'FXD-001'
                """).query(Long.class).single();
        browser.phone().loginAs("worker_chem").open("/risks/" + point);
        assertThat(browser.find("#inspect-here").getText()).contains("项待排查任务");
        browser.find("#inspect-here a.btn").click();
        assertThat(browser.text()).contains("已签到");
        assertThat(jdbc.sql("select count(*) from inspection_checkin where username = 'worker_chem' and risk_point_id = :p")
                .param("p", point).query(Long.class).single()).isPositive();
    }
}
