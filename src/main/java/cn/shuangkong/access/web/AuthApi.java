package cn.shuangkong.access.web;

import cn.shuangkong.access.internal.ApiTokens;
import cn.shuangkong.access.CurrentUser;
import cn.shuangkong.access.internal.PasswordLogin;
import cn.shuangkong.access.internal.TokenScope;
import cn.shuangkong.shared.ApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "认证", description = "以用户名密码换取 Bearer 令牌")
@RestController
class AuthApi {

    /**
     * {@code scopes} and {@code modules} hold the token to less than the account may do; left out, it may do all the account
     * may. {@code code}: the authenticator app's code (or a recovery code) of an account with 双因素认证.
     */
    record Credentials(@NotBlank(message = "用户名不能为空") String username, @NotBlank(message = "密码不能为空") String password,
                       Set<TokenScope> scopes, List<String> modules,
                       @Schema(description = "动态验证码：已启用双因素认证的账号必填（身份验证器上的6位数字，或一个恢复码）", example = "123456")
                       @Size(max = 32, message = "动态验证码过长") String code) { }

    record TokenResponse(String token, Instant expiresAt) { }

    record Me(long id, String username, String displayName, String kind, String unit, String jurisdiction, List<String> permissions) { }

    private final PasswordLogin login;
    private final ApiTokens tokens;

    AuthApi(PasswordLogin login, ApiTokens tokens) {
        this.login = login;
        this.tokens = tokens;
    }

    @Operation(summary = "登录换取令牌", description = "令牌以签发账号的权限和数据范围行事，默认12小时有效。可选 scopes（READ 只读、WRITE 写入、"
            + "EXCHANGE 数据交换，缺省为全部）和 modules（模块代码，缺省为全部模块）把令牌限制在更小的范围内：只读令牌不能写，"
            + "限定模块的令牌不能调用其他模块的接口，只有 EXCHANGE 令牌能调用 /api/v1/exchange/**；过期的令牌以 401 拒绝。"
            + "已启用双因素认证的账号须同时提供 code（动态验证码或恢复码）")
    @PostMapping("/api/v1/auth/token")
    ResponseEntity<?> token(@Valid @RequestBody Credentials credentials, HttpServletRequest request) {
        try {
            CurrentUser user = login.check(credentials.username(), credentials.password(), credentials.code(), request.getRemoteAddr());
            var scopes = credentials.scopes() == null || credentials.scopes().isEmpty() ? ApiTokens.FULL : credentials.scopes();
            var issued = login.asSignedIn(user, () -> tokens.issue(user, "API 登录", null, scopes, ApiTokens.modules(credentials.modules())));
            return ResponseEntity.ok(new TokenResponse(issued.token(), issued.expiresAt()));
        } catch (AuthenticationException e) {
            ProblemDetail p = ApiProblems.problem(HttpStatus.UNAUTHORIZED, e.getMessage(), null);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(p);
        }
    }

    @Operation(summary = "当前账号", description = "令牌所属账号、单位、数据范围和权限")
    @GetMapping("/api/v1/me")
    Me me(@AuthenticationPrincipal CurrentUser user) {
        return new Me(user.id(), user.username(), user.displayName(), user.kind().name(), user.unitName(),
                user.jurisdiction().label(), List.copyOf(user.permissions()));
    }

    @Operation(summary = "吊销令牌")
    @DeleteMapping("/api/v1/auth/tokens/{id}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal CurrentUser user, @PathVariable long id) {
        tokens.revoke(user, id);
        return ResponseEntity.noContent().build();
    }
}
