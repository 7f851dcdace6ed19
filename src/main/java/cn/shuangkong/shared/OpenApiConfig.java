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
}
