package cn.shuangkong.emergency.web;

import cn.shuangkong.emergency.internal.Drills;
import cn.shuangkong.emergency.internal.EmergencyPlans;
import cn.shuangkong.emergency.internal.EmergencyResources;
import cn.shuangkong.emergency.internal.Fields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the strings of a page form (or a multipart API call) into the module's drafts. A value that cannot even be
 * read (a date like 2026-13-40, a quantity "十") is refused here with its field named, before anything is saved.
 */
final class EmergencyForms {

    private EmergencyForms() {
    }

    /** Reads a form with one collector of errors and refuses it, naming each field, if anything could not be read. */
    static <T> T read(java.util.function.Function<Fields, T> reader) {
        Fields check = Fields.check();
        T value = reader.apply(check);
        check.done();
        return value;
    }

    static EmergencyPlans.VersionDraft version(Map<String, String> f, Fields check) {
        return new EmergencyPlans.VersionDraft(f.get("summary"), check.date("compiledOn", f.get("compiledOn"), "编制日期"),
                check.date("reviewedOn", f.get("reviewedOn"), "评审日期"), check.date("publishedOn", f.get("publishedOn"), "发布日期"),
                check.date("filedOn", f.get("filedOn"), "备案日期"), f.get("filedWith"));
    }

    static List<Long> ids(List<String> raw, String field, Fields check) {
        if (raw == null) return List.of();
        List<Long> out = new ArrayList<>();
        for (String s : raw) {
            for (String part : s.split(",")) {
                Long id = check.id(field, part, "所选项目");
                if (id != null) out.add(id);
            }
        }
        return out;
    }

    static Drills.DrillDraft drill(Map<String, String> f, Fields check) {
        return new Drills.DrillDraft(check.id("planId", f.get("planId"), "演练依据的预案"), f.get("title"), f.get("kind"),
                check.date("plannedOn", f.get("plannedOn"), "计划日期"), f.get("participants"));
    }

    static Drills.DrillRecord record(Map<String, String> f, Fields check) {
        return new Drills.DrillRecord(check.date("heldOn", f.get("heldOn"), "实际演练日期"), f.get("record"), f.get("evaluation"), f.get("problems"));
    }

    static Drills.ActionDraft action(Map<String, String> f, Fields check) {
        return new Drills.ActionDraft(f.get("description"), f.get("responsible"), check.date("dueOn", f.get("dueOn"), "完成期限"));
    }

    /** Members one a line: 姓名 职责 电话 (separated by spaces, commas or 、). */
    static EmergencyResources.TeamDraft team(Map<String, String> f, Fields check) {
        List<EmergencyResources.MemberDraft> members = new ArrayList<>();
        String raw = f.getOrDefault("members", "");
        int line = 0;
        for (String l : raw.split("\\R")) {
            line++;
            if (l.isBlank()) continue;
            List<String> parts = Arrays.stream(l.strip().split("[\\s,，、]+")).filter(Objects::nonNull).toList();
            if (parts.size() == 2) members.add(new EmergencyResources.MemberDraft(parts.get(0), null, parts.get(1)));
            else if (parts.size() == 3) members.add(new EmergencyResources.MemberDraft(parts.get(0), parts.get(1), parts.get(2)));
            else check.fail("members", "队员第 " + line + " 行应为“姓名 职责 电话”");
        }
        return new EmergencyResources.TeamDraft(f.get("name"), f.get("kind"), f.get("leader"), f.get("phone"), f.get("location"),
                check.number("planX", f.get("planX"), "平面图横坐标"), check.number("planY", f.get("planY"), "平面图纵坐标"),
                check.number("longitude", f.get("longitude"), "经度"), check.number("latitude", f.get("latitude"), "纬度"), members);
    }

    static EmergencyResources.ExpertDraft expert(Map<String, String> f) {
        return new EmergencyResources.ExpertDraft(f.get("name"), f.get("specialties"), f.get("title"), f.get("organisation"), f.get("phone"));
    }

    static EmergencyResources.ResourceDraft resource(Map<String, String> f, Fields check) {
        return new EmergencyResources.ResourceDraft(f.get("category"), f.get("name"), check.number("quantity", f.get("quantity"), "数量"),
                f.get("unit"), f.get("location"), check.number("planX", f.get("planX"), "平面图横坐标"),
                check.number("planY", f.get("planY"), "平面图纵坐标"), check.number("longitude", f.get("longitude"), "经度"),
                check.number("latitude", f.get("latitude"), "纬度"), check.date("expiresOn", f.get("expiresOn"), "有效期至"),
                f.get("keeper"), f.get("phone"));
    }
}
