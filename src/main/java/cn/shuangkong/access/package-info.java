/**
 * 用户与权限: accounts, roles of permission strings, the account's {@link cn.shuangkong.shared.Jurisdiction}, login, API
 * tokens. Its API is this package: {@link cn.shuangkong.access.CurrentUser}, {@link cn.shuangkong.access.Accounts},
 * {@link cn.shuangkong.access.People}, {@link cn.shuangkong.access.PermissionHolders} and {@link
 * cn.shuangkong.access.AccessFacts}; login, tokens, sessions and the security configuration are in {@code internal}.
 */
package cn.shuangkong.access;
