/**
 * The access module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.access};
 * this package is exposed, as the named interface {@code management}, only for the demo city's loader (which acts as
 * the demo's people: {@link cn.shuangkong.access.internal.CurrentUsers}).
 */
@org.springframework.modulith.NamedInterface("management")
package cn.shuangkong.access.internal;
