/**
 * The monitoring module's own services behind its pages and API. Other modules use the types in {@code cn.shuangkong.monitoring};
 * this package is exposed, as the named interface {@code management}, only for the demo city's loader.
 */
@org.springframework.modulith.NamedInterface("management")
package cn.shuangkong.monitoring.internal;
