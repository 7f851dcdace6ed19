package cn.shuangkong.organization;

import cn.shuangkong.organization.internal.ValidCreditCode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** What a person or a client system submits to create or change an enterprise; validated before anything is saved. */
public record EnterpriseDraft(
        @NotBlank(message = "企业名称不能为空") @Size(max = 120, message = "企业名称不能超过120字") String name,
        @NotBlank(message = "统一社会信用代码不能为空") @ValidCreditCode String creditCode,
        @NotBlank(message = "行业不能为空") @Pattern(regexp = "|[A-T]\\d{0,4}", message = "行业代码应为 GB/T 4754 代码，如 C2614") String industryCode,
        @NotBlank(message = "所在乡镇（街道）不能为空") String regionCode,
        Long gridId,
        @Pattern(regexp = "LARGE|MEDIUM|SMALL|MICRO", message = "企业规模应为 LARGE/MEDIUM/SMALL/MICRO") String scale,
        @NotNull(message = "从业人数不能为空") @Min(value = 0, message = "从业人数不能为负") @Max(value = 1_000_000, message = "从业人数过大") Integer headcount,
        @Size(max = 200, message = "地址不能超过200字") String address,
        @DecimalMin(value = "73", message = "经度应在中国境内 (73–136)") @DecimalMax(value = "136", message = "经度应在中国境内 (73–136)") BigDecimal longitude,
        @DecimalMin(value = "3", message = "纬度应在中国境内 (3–54)") @DecimalMax(value = "54", message = "纬度应在中国境内 (3–54)") BigDecimal latitude,
        @Size(max = 40) String principalName,
        @Pattern(regexp = "|1\\d{10}|0\\d{2,3}-?\\d{7,8}", message = "电话号码格式不正确") String principalPhone,
        @Size(max = 40) String safetyManagerName,
        @Pattern(regexp = "|1\\d{10}|0\\d{2,3}-?\\d{7,8}", message = "电话号码格式不正确") String safetyManagerPhone,
        @Pattern(regexp = "OPERATING|SUSPENDED|CLOSED", message = "状态应为 OPERATING/SUSPENDED/CLOSED") String status,
        boolean majorHazard, boolean dustExplosion, boolean confinedSpace,
        boolean ammoniaRefrigeration, boolean hazardousChemicals, boolean crowdedPlace) {

    /** Normalises what people type: trimmed names, upper-case codes, defaults for the optional enums. */
    public EnterpriseDraft normalized() {
        return new EnterpriseDraft(trim(name), creditCode == null ? null : creditCode.trim().toUpperCase(),
                industryCode == null ? null : industryCode.trim().toUpperCase(), trim(regionCode), gridId,
                blank(scale) ? "SMALL" : scale, headcount, trim(address), longitude, latitude,
                trim(principalName), trim(principalPhone), trim(safetyManagerName), trim(safetyManagerPhone),
                blank(status) ? "OPERATING" : status, majorHazard, dustExplosion, confinedSpace,
                ammoniaRefrigeration, hazardousChemicals, crowdedPlace);
    }

    /** Field name → value, in declaration order: for binding statements and for listing what changed. */
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (var c : EnterpriseDraft.class.getRecordComponents()) {
            try {
                values.put(c.getName(), c.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    public static EnterpriseDraft of(Enterprise e) {
        return new EnterpriseDraft(e.name(), e.creditCode(), e.industryCode(), e.regionCode(), e.gridId(), e.scale(),
                e.headcount(), e.address(), e.longitude(), e.latitude(), e.principalName(), e.principalPhone(),
                e.safetyManagerName(), e.safetyManagerPhone(), e.status(), e.majorHazard(), e.dustExplosion(),
                e.confinedSpace(), e.ammoniaRefrigeration(), e.hazardousChemicals(), e.crowdedPlace());
    }

    public static EnterpriseDraft empty() {
        return new EnterpriseDraft("", "", "", "", null, "SMALL", 0, "", null, null, "", "", "", "", "OPERATING",
                false, false, false, false, false, false);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
