/** 用户与权限: accounts, roles of permission strings, the account's {@link cn.shuangkong.shared.Jurisdiction}, login, API tokens. */
package cn.shuangkong.access;
