package cn.shuangkong.shared;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the open API (互联互通) presents itself: title, Bearer token authentication, problem-detail errors. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI shuangkongApi() {
        return new OpenAPI()
                .info(new Info().title("双控平台 API").version("v1")
                        .description("双重预防机制信息平台的开放接口。先以 POST /api/v1/auth/token 换取令牌，再在请求头中携带 "
                                + "Authorization: Bearer <令牌>。所有结果按令牌所属账号的数据范围过滤；错误以 RFC 9457 problem+json 返回，"
                                + "errors 字段按字段名列出问题。")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * Schema names that cannot collide. Swagger names a schema after the class's simple name, and the modules nest
     * their request records in their services and controllers ({@code HazardApi.Decision}, {@code Supervision.Decision}):
     * two of the same simple name shared one schema, and five endpoints documented another module's body. A platform
     * type is named after its enclosing class too, and a generic one after its arguments (ADR 0012).
     */
    @Bean
    io.swagger.v3.core.converter.ModelConverter qualifiedSchemaNames() {
        return (type, context, chain) -> {
            if (type.getName() == null || type.getName().isBlank()) {
                String name = schemaName(type.getType());
                if (name != null) type.setName(name);
            }
            return chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        };
    }

    /** {@code HazardApi.Decision}, {@code PageResult_HazardApi.View}; null for a type that is not the platform's own. */
    static String schemaName(java.lang.reflect.Type type) {
        Class<?> raw;
        java.util.List<java.lang.reflect.Type> arguments = new java.util.ArrayList<>();
        if (type instanceof com.fasterxml.jackson.databind.JavaType j) {
            raw = j.getRawClass();
            for (int i = 0; i < j.containedTypeCount(); i++) arguments.add(j.containedType(i));
        } else if (type instanceof java.lang.reflect.ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            raw = c;
            arguments.addAll(java.util.List.of(p.getActualTypeArguments()));
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        if (raw.isEnum() || raw.isArray() || !raw.getName().startsWith("cn.shuangkong.")) return null;
        StringBuilder name = new StringBuilder();
        for (Class<?> c = raw; c != null; c = c.getEnclosingClass()) name.insert(0, name.isEmpty() ? c.getSimpleName() : c.getSimpleName() + ".");
        for (var argument : arguments) {
            String inner = schemaName(argument);
            name.append('_').append(inner != null ? inner : argument instanceof Class<?> c ? c.getSimpleName()
                    : argument instanceof com.fasterxml.jackson.databind.JavaType j ? j.getRawClass().getSimpleName() : "Object");
        }
        return name.toString();
    }
}
